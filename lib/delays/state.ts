/** A remedy link works this long after its notice: long enough for a holiday, short enough to not linger. */
export const REMEDY_LINK_DAYS = 30;

export function remedyLinkExpired(createdAt: Date, now = new Date()): boolean {
  return now.getTime() - createdAt.getTime() > REMEDY_LINK_DAYS * 86_400_000;
}

/** What the customer sees after choosing, by compensation status. */
export type RemedyOutcome = 'none' | 'issued' | 'approved' | 'pending_approval';
