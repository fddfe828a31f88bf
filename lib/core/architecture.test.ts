/**
 * The layer rule of lib/ (docs/architecture.md): a folder under lib/ is a domain; domains may depend on
 * lower domains only, so the import graph between domains has no cycle. This test parses every import
 * specifier of every non-test source file (`@/lib/<domain>/…`, relative paths, `import()`; type-only
 * imports count too), builds the domain graph and fails
 *   - on any edge that lies on a cycle and is not in ALLOWED_CYCLE_EDGES (a NEW cycle), and
 *   - on an allow-listed edge that no longer lies on a cycle (remove it: the list only shrinks),
 *   - when lib/core imports any domain.
 */
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';

/**
 * Edges that may still close a cycle, each with its reason. Empty: the domain-event log (issue #13) turned the
 * last ones (ingest → delay checks, remedy → compensations → reship → tracking) into subscribers.
 * Before this test: 18 domains in one cycle, 98 edges on it. Then 4 domains, 4 edges. Now none. Keep it so.
 */
const ALLOWED_CYCLE_EDGES: Record<string, string> = {};

const LIB = path.resolve(import.meta.dirname, '..');
const IMPORT = /(?:^|[^\w.])(?:import|export)\s+(?:type\s+)?(?:[^'"`;]*?\sfrom\s+)?['"]([^'"]+)['"]|import\(\s*['"]([^'"]+)['"]\s*\)/g;

type Graph = Map<string, Map<string, string[]>>;

/** Domain → domain → files that import it (non-test .ts/.tsx under lib/<domain>/). */
function domainGraph(root = LIB): Graph {
  const graph: Graph = new Map();
  const domains = new Set(fs.readdirSync(root, { withFileTypes: true }).filter((d) => d.isDirectory()).map((d) => d.name));
  const visit = (dir: string) => {
    for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
      const file = path.join(dir, entry.name);
      if (entry.isDirectory()) visit(file);
      else if (/\.tsx?$/.test(entry.name) && !/\.(test|spec)\.tsx?$/.test(entry.name)) scan(file);
    }
  };
  const scan = (file: string) => {
    const from = path.relative(root, file).split(path.sep)[0]!;
    const source = fs.readFileSync(file, 'utf8');
    for (const match of source.matchAll(IMPORT)) {
      const spec = match[1] ?? match[2]!;
      let target: string | undefined;
      if (spec.startsWith('@/lib/')) target = spec.slice('@/lib/'.length).split('/')[0];
      else if (spec.startsWith('.')) {
        const rel = path.relative(root, path.resolve(path.dirname(file), spec));
        if (!rel.startsWith('..')) target = rel.split(path.sep)[0];
      }
      if (!target || target === from || !domains.has(target)) continue;
      const edges = graph.get(from) ?? new Map<string, string[]>();
      graph.set(from, edges);
      edges.set(target, [...(edges.get(target) ?? []), path.relative(root, file)]);
    }
  };
  for (const domain of domains) visit(path.join(root, domain));
  return graph;
}

/** Strongly connected components (Tarjan); an edge lies on a cycle iff both ends share one. */
function cycleEdges(graph: Graph): string[] {
  let index = 0;
  const stack: string[] = [];
  const onStack = new Set<string>();
  const idx = new Map<string, number>();
  const low = new Map<string, number>();
  const component = new Map<string, number>();
  let components = 0;
  const nodes = new Set([...graph.keys(), ...[...graph.values()].flatMap((m) => [...m.keys()])]);
  const strong = (v: string) => {
    idx.set(v, index);
    low.set(v, index++);
    stack.push(v);
    onStack.add(v);
    for (const w of graph.get(v)?.keys() ?? []) {
      if (!idx.has(w)) {
        strong(w);
        low.set(v, Math.min(low.get(v)!, low.get(w)!));
      } else if (onStack.has(w)) low.set(v, Math.min(low.get(v)!, idx.get(w)!));
    }
    if (low.get(v) === idx.get(v)) {
      let w: string;
      do {
        w = stack.pop()!;
        onStack.delete(w);
        component.set(w, components);
      } while (w !== v);
      components++;
    }
  };
  for (const node of nodes) if (!idx.has(node)) strong(node);
  const edges: string[] = [];
  for (const [from, targets] of graph) for (const to of targets.keys()) if (component.get(from) === component.get(to)) edges.push(`${from} -> ${to}`);
  return edges.sort();
}

describe('lib/ domains form layers', () => {
  const graph = domainGraph();

  it('lib/core imports no domain', () => {
    expect([...(graph.get('core')?.entries() ?? [])].map(([to, files]) => `core -> ${to} (${files.join(', ')})`)).toEqual([]);
  });

  it('has no cross-domain cycle except the allow-listed edges that wait for the event log', () => {
    const onCycle = cycleEdges(graph);
    const fresh = onCycle.filter((edge) => !(edge in ALLOWED_CYCLE_EDGES)).map((edge) => {
      const [from, to] = edge.split(' -> ') as [string, string];
      return `${edge}  (${graph.get(from)!.get(to)!.join(', ')})`;
    });
    expect(fresh, 'a new import closes a cycle between domains: depend on a lower layer instead (docs/architecture.md)').toEqual([]);
    const stale = Object.keys(ALLOWED_CYCLE_EDGES).filter((edge) => !onCycle.includes(edge));
    expect(stale, 'these edges no longer close a cycle: remove them from ALLOWED_CYCLE_EDGES').toEqual([]);
  });

  it('finds a cycle when one is there (the checker itself)', () => {
    const toy: Graph = new Map([
      ['a', new Map([['b', ['a/x.ts']]])],
      ['b', new Map([['c', ['b/y.ts']]])],
      ['c', new Map([['a', ['c/z.ts']]])],
      ['d', new Map([['a', ['d/w.ts']]])],
    ]);
    expect(cycleEdges(toy)).toEqual(['a -> b', 'b -> c', 'c -> a']);
  });
});
