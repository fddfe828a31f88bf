import 'server-only';
import { and, asc, desc, eq, gt, inArray, isNull, lt, or, type Placeholder, type SQL, sql } from 'drizzle-orm';
import type { DbOrTx } from '@/db';
import { preparedQuery } from '@/db/prepared';
import { caseMessages, cases, orders, refunds, shipments, staffUsers, teamMembers } from '@/db/schema';
import type { Actor } from '@/lib/core/actor';
import { authorize } from '@/lib/core/authorize';
import { caseSearchCondition, parseSearch } from '@/lib/search/staff-search';
import { getSlaConfig } from '@/lib/sla/config';
import { slaClock } from '@/lib/sla/sla';
import { COUNT_CAP } from './queue-constants';
import { type QueueQuery, type QueueView, queueViews } from './schemas';

export const QUEUE_PAGE_SIZE = 25;
const OPEN = ['open', 'waiting_customer', 'waiting_carrier'] as const;
const CLOSED = ['resolved', 'closed'] as const;

export type QueueCtx = { db: DbOrTx; actor: Actor };

export type QueueRow = {
  id: string;
  number: number;
  type: string;
  status: string;
  priority: string;
  subject: string;
  customerName: string | null;
  customerEmail: string;
  orderNumber: string | null;
  assigneeId: string | null;
  assigneeName: string | null;
  tags: string[];
  locale: string;
  createdAt: string;
  lastMessageAt: string | null;
  /** The latest customer message or reply, cut for one line in the queue (notes stay out). */
  preview: string | null;
  /** A refund of this case failed on its rail: "Refund failed — action needed" (lib/refunds). */
  refundFailed: boolean;
  version: number;
  sla: { state: string; dueAt: string | null; remainingSeconds: number | null };
};

export type QueuePage = { rows: QueueRow[]; nextCursor: string | null; counts: Record<QueueView, number>; generatedAt: string };

/** `now` as an ISO timestamp (or a placeholder for one): the prepared first pages below fill it per call. */
function viewCondition(view: QueueView, staffId: string | Placeholder, now: string | Placeholder): SQL {
  const open = inArray(cases.status, [...OPEN]);
  switch (view) {
    case 'mine':
      return and(open, eq(cases.assigneeId, staffId))!;
    case 'myTeams':
      return and(open, inArray(cases.teamId, myTeamIds(staffId)))!;
    case 'unassigned':
      return and(open, isNull(cases.assigneeId))!;
    case 'breaching':
      return and(open, isNull(cases.slaPausedAt), sql`${cases.slaWarnAt} <= ${now}::timestamptz`)!;
    case 'waiting':
      return and(open, eq(cases.status, 'waiting_customer'))!;
    case 'open':
      return open;
    case 'closed':
      return inArray(cases.status, [...CLOSED]);
  }
}

/** The teams the agent is a member of, as a subquery ("My teams": their open cases, assigned or not). */
const myTeamIds = (staffId: string | Placeholder) => sql`(select ${teamMembers.teamId} from ${teamMembers} where ${teamMembers.staffId} = ${staffId})`;

function filterConditions(query: QueueQuery): SQL[] {
  const out: SQL[] = [];
  if (query.type) out.push(eq(cases.type, query.type));
  if (query.status) out.push(eq(cases.status, query.status));
  if (query.priority) out.push(eq(cases.priority, query.priority));
  if (query.language) out.push(eq(cases.locale, query.language));
  if (query.tag) out.push(sql`${cases.tags} @> array[${query.tag}]::text[]`);
  if (query.assignee) out.push(eq(cases.assigneeId, query.assignee));
  if (query.team) out.push(eq(cases.teamId, query.team));
  if (query.carrier) out.push(sql`exists (select 1 from ${shipments} where ${shipments.orderId} = ${cases.orderId} and ${shipments.carrier}::text = ${query.carrier})`);
  // The forgiving search (lib/search): part of a number, an email, a name with typos — one condition.
  const search = query.q ? parseSearch(query.q) : null;
  if (search) out.push(caseSearchCondition(search));
  return out;
}

function decodeCursor(cursor: string | undefined): { at: Date; id: string } | null {
  if (!cursor) return null;
  try {
    const [at, id] = JSON.parse(Buffer.from(cursor, 'base64url').toString()) as [string, string];
    const date = new Date(at);
    if (Number.isNaN(date.getTime()) || !/^[0-9a-f-]{36}$/.test(id)) return null;
    return { at: date, id };
  } catch {
    return null;
  }
}

const encodeCursor = (at: Date, id: string) => Buffer.from(JSON.stringify([at.toISOString(), id])).toString('base64url');

/** Open views sort by the due time (queue_at), Closed by the last change, each on its partial index. */
const sortColumn = (closed: boolean) => (closed ? cases.updatedAt : cases.queueAt);

/** A queue page's rows: the cases matching `where`, in the view's order, one more than a page (is there a next?). */
function queueRows(db: DbOrTx, closed: boolean, where: SQL | undefined) {
  const sortCol = sortColumn(closed);
  return db
    .select({
      id: cases.id,
      number: cases.number,
      type: cases.type,
      status: cases.status,
      priority: cases.priority,
      subject: cases.subject,
      customerName: cases.customerName,
      customerEmail: cases.customerEmail,
      orderNumber: orders.orderNumber,
      assigneeId: cases.assigneeId,
      assigneeName: staffUsers.name,
      tags: cases.tags,
      locale: cases.locale,
      createdAt: cases.createdAt,
      lastMessageAt: cases.lastMessageAt,
      version: cases.version,
      // One correlated lookup per row on case_messages (case_id, created_at): no extra round trip.
      preview: sql<string | null>`(select left(m.body, 160) from ${caseMessages} m where m.case_id = ${cases.id} and m.kind <> 'internal_note' order by m.created_at desc limit 1)`,
      refundFailed: sql<boolean>`exists (select 1 from ${refunds} rf where rf.case_id = ${cases.id} and rf.status = 'failed')`,
      firstResponseDueAt: cases.firstResponseDueAt,
      resolutionDueAt: cases.resolutionDueAt,
      firstRespondedAt: cases.firstRespondedAt,
      resolvedAt: cases.resolvedAt,
      slaPausedAt: cases.slaPausedAt,
      slaPausedSeconds: cases.slaPausedSeconds,
      sortAt: sortCol,
    })
    .from(cases)
    .leftJoin(orders, eq(orders.id, cases.orderId))
    .leftJoin(staffUsers, eq(staffUsers.id, cases.assigneeId))
    .where(where)
    .orderBy(...(closed ? [desc(sortCol), desc(cases.id)] : [asc(sortCol), asc(cases.id)]))
    .limit(QUEUE_PAGE_SIZE + 1);
}

/** The first page of one view, prepared once per database handle (db/prepared.ts). */
const firstPageQuery = (view: QueueView) =>
  preparedQuery((db) => queueRows(db, view === 'closed', viewCondition(view, sql.placeholder('staffId'), sql.placeholder('now'))).prepare(`queue_first_page_${view}`));
const firstPages = Object.fromEntries(queueViews.map((view) => [view, firstPageQuery(view)])) as Record<QueueView, ReturnType<typeof firstPageQuery>>;

/**
 * One page of a queue view. Keyset pagination: open views by (queue_at, id) ascending — the most
 * urgent due time first — and Closed by (updated_at, id) descending, each on its partial index.
 */
export async function listQueue(ctx: QueueCtx, query: QueueQuery, now: Date = new Date()): Promise<QueuePage> {
  const actor = authorize(ctx.actor, 'cases.work');
  const closed = query.view === 'closed';
  const sortCol = sortColumn(closed);
  const cursor = decodeCursor(query.after);
  const keyset = cursor
    ? closed
      ? or(lt(sortCol, cursor.at), and(eq(sortCol, cursor.at), lt(cases.id, cursor.id)))
      : or(gt(sortCol, cursor.at), and(eq(sortCol, cursor.at), gt(cases.id, cursor.id)))
    : undefined;
  const filters = filterConditions(query);
  // The first page of a view without filters, what an agent opens all day, is prepared once (db/prepared.ts);
  // filtered and later pages are built per call.
  const rowsQuery =
    !cursor && filters.length === 0
      ? firstPages[query.view](ctx.db).execute({ staffId: actor.staffId, now: now.toISOString() })
      : queueRows(ctx.db, closed, and(viewCondition(query.view, actor.staffId, now.toISOString()), keyset, ...filters));
  // The page, the SLA settings and the view counts side by side: one round trip instead of three.
  const [rows, config, counts] = await Promise.all([rowsQuery, getSlaConfig(ctx.db), queueCounts(ctx, now)]);
  const page = rows.slice(0, QUEUE_PAGE_SIZE);
  const last = page.at(-1);
  return {
    rows: page.map((r) => {
      const clock = slaClock(r, config.settings, config.calendar, now);
      return {
        id: r.id,
        number: r.number,
        type: r.type,
        status: r.status,
        priority: r.priority,
        subject: r.subject,
        customerName: r.customerName,
        customerEmail: r.customerEmail,
        orderNumber: r.orderNumber,
        assigneeId: r.assigneeId,
        assigneeName: r.assigneeName,
        tags: r.tags,
        locale: r.locale,
        createdAt: r.createdAt.toISOString(),
        lastMessageAt: r.lastMessageAt?.toISOString() ?? null,
        preview: r.preview ? r.preview.replace(/\s+/g, ' ').trim() : null,
        refundFailed: r.refundFailed === true,
        version: r.version,
        sla: { state: clock.state, dueAt: clock.dueAt?.toISOString() ?? null, remainingSeconds: clock.remainingSeconds },
      };
    }),
    nextCursor: rows.length > QUEUE_PAGE_SIZE && last ? encodeCursor(last.sortAt, last.id) : null,
    counts,
    generatedAt: now.toISOString(),
  };
}

/** The counts behind every queue view, prepared once (db/prepared.ts): the queue and its live refresh read them. */
const viewCounts = preparedQuery((db) => {
  const staffId = sql.placeholder('staffId');
  const open = sql`${cases.status} in ('open', 'waiting_customer', 'waiting_carrier')`;
  const capped = (where: SQL) => sql<number>`(select count(*) from (select 1 from ${cases} where ${where} limit ${COUNT_CAP}) as c)::int`;
  return db
    .select({
      mine: capped(sql`${open} and ${cases.assigneeId} = ${staffId}`),
      myTeams: capped(sql`${open} and ${cases.teamId} in ${myTeamIds(staffId)}`),
      unassigned: capped(sql`${open} and ${cases.assigneeId} is null`),
      breaching: capped(sql`${open} and ${cases.slaPausedAt} is null and ${cases.slaWarnAt} <= ${sql.placeholder('now')}::timestamptz`),
      waiting: capped(sql`${cases.status} = 'waiting_customer'`),
      open: capped(open),
      closed: capped(sql`${cases.status} in ('resolved', 'closed')`),
    })
    .from(sql`(select 1) as one`)
    .prepare('queue_counts');
});

/** Live counts per saved view, in one statement. Each count stops at COUNT_CAP (shown as "1000+"), so
 * counting stays a short index-only range scan however many cases pile up. */
export async function queueCounts(ctx: QueueCtx, now: Date = new Date()): Promise<Record<QueueView, number>> {
  const actor = authorize(ctx.actor, 'cases.work');
  const [row] = await viewCounts(ctx.db).execute({ staffId: actor.staffId, now: now.toISOString() });
  return Object.fromEntries(queueViews.map((v) => [v, row?.[v] ?? 0])) as Record<QueueView, number>;
}

export type QueuePickers = { staff: Array<{ id: string; name: string }>; teams: Array<{ id: string; name: string }> };

const pickers = preparedQuery((db) =>
  db
    .select({
      staff: sql<QueuePickers['staff']>`coalesce((select json_agg(json_build_object('id', s.id, 'name', s.name) order by s.name) from staff_users s where s.disabled_at is null), '[]')`,
      teams: sql<QueuePickers['teams']>`coalesce((select json_agg(json_build_object('id', t.id, 'name', t.name) order by t.name, t.id) from teams t), '[]')`,
    })
    .from(sql`(select 1) as one`)
    .prepare('queue_pickers'),
);

/**
 * The queue's assignee and team filters: the active staff and the teams, by name, in one statement (the queue is
 * the page agents reload most, and each statement costs the web server more than its rows; issue #16).
 */
export async function listQueuePickers(ctx: QueueCtx): Promise<QueuePickers> {
  authorize(ctx.actor, 'cases.work');
  const [row] = await pickers(ctx.db).execute();
  return row ?? { staff: [], teams: [] };
}
