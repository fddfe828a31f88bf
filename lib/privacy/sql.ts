import { type SQL, sql } from 'drizzle-orm';

/** A uuid[] parameter (drizzle expands a JS array into a list, so it travels as one array literal). */
export function uuidArray(ids: readonly string[]): SQL {
  return sql`${`{${ids.join(',')}}`}::uuid[]`;
}

/** A text[] parameter, any content. */
export function textArray(values: readonly string[]): SQL {
  return sql`array(select jsonb_array_elements_text(${JSON.stringify(values)}::jsonb))`;
}

/** A case-insensitive PostgreSQL regular expression matching any of the terms literally. */
export function termsPattern(terms: readonly string[]): string {
  return terms.map((t) => t.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')).join('|');
}
