import { sql } from 'drizzle-orm';
import { index, pgTable, primaryKey, uniqueIndex, uuid, varchar } from 'drizzle-orm/pg-core';
import { createdAt, id, updatedAt } from './columns';
import { staffUsers } from './staff';

/**
 * Teams of the staff desk (issue #17, lib/teams): "Returns", "Svenska", "Claims". A case may belong to one
 * (`cases.team_id`); an automation rule may route a case to a team and to the member of it with a free slot.
 */
export const teams = pgTable(
  'teams',
  {
    id: id(),
    name: varchar({ length: 80 }).notNull(),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [uniqueIndex('teams_name_key').on(sql`lower(${t.name})`)],
);

/** Who is in which team; an agent may be in several. */
export const teamMembers = pgTable(
  'team_members',
  {
    teamId: uuid()
      .notNull()
      .references(() => teams.id, { onDelete: 'cascade' }),
    staffId: uuid()
      .notNull()
      .references(() => staffUsers.id, { onDelete: 'cascade' }),
    createdAt: createdAt(),
  },
  (t) => [primaryKey({ name: 'team_members_pkey', columns: [t.teamId, t.staffId] }), index('team_members_staff_id_idx').on(t.staffId)],
);

export type Team = typeof teams.$inferSelect;
