/** Why a choice changed nothing; each has `remedy.errors.<code>` in the catalogs. */
export const REMEDY_ERRORS = ['rate_limited', 'not_offered', 'delivered', 'already_chosen', 'generic'] as const;
export type RemedyError = (typeof REMEDY_ERRORS)[number];
