import { sql } from "drizzle-orm";
import { check, date, index, pgTable, primaryKey, text, timestamp, uniqueIndex, uuid } from "drizzle-orm/pg-core";
import { createdAt } from "../columns";
import { plans } from "./plans";

/**
 * One human across every tool. `email` is the primary email, stored lowercased (unique); `team` is the team their
 * spend counts for when an event carries none. Deleting a person marks them left (`left_on`): their aliases and
 * their history stay attributed to them.
 */
export const people = pgTable(
  "people",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    name: text("name").notNull(),
    email: text("email").notNull(),
    team: text("team"),
    activeFrom: date("active_from", { mode: "string" }),
    leftOn: date("left_on", { mode: "string" }),
    createdAt: createdAt(),
    updatedAt: timestamp("updated_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    uniqueIndex("people_email_idx").on(t.email),
    check("people_email_lowercase", sql`${t.email} = lower(${t.email})`),
    check("people_dates_ordered", sql`${t.leftOn} is null or ${t.activeFrom} is null or ${t.leftOn} >= ${t.activeFrom}`),
  ],
);

/**
 * An identity value a tool reports (an email, a GitHub login, a provider's API key id…) and the one person it
 * belongs to: the primary key makes an alias belong to one person. Values of case-insensitive kinds are stored
 * lowercased (lib/people/kinds.ts).
 */
export const personAliases = pgTable(
  "person_aliases",
  {
    kind: text("kind").notNull(),
    value: text("value").notNull(),
    personId: uuid("person_id")
      .notNull()
      .references(() => people.id, { onDelete: "cascade" }),
    createdAt: createdAt(),
  },
  (t) => [primaryKey({ columns: [t.kind, t.value] }), index("person_aliases_person_idx").on(t.personId)],
);

/** Who holds a plan's seats (a plan may name fewer holders than it has seats). */
export const planSeatHolders = pgTable(
  "plan_seat_holders",
  {
    planId: uuid("plan_id")
      .notNull()
      .references(() => plans.id, { onDelete: "cascade" }),
    personId: uuid("person_id")
      .notNull()
      .references(() => people.id, { onDelete: "cascade" }),
    createdAt: createdAt(),
  },
  (t) => [primaryKey({ columns: [t.planId, t.personId] }), index("plan_seat_holders_person_idx").on(t.personId)],
);

/**
 * The seat identities a coding tool's vendor lists for its plan (lib/coding-tools/seats.ts), as of the last sync:
 * the ones no person has are Settings → People's unmapped identities even before they use the tool (an idle seat).
 */
export const planSeatIdentities = pgTable(
  "plan_seat_identities",
  {
    planId: uuid("plan_id")
      .notNull()
      .references(() => plans.id, { onDelete: "cascade" }),
    /** The alias kind that links it: email, cursor_email, copilot_login. */
    kind: text("kind").notNull(),
    value: text("value").notNull(),
    /** The UTC day of the sync that listed it. */
    listedOn: date("listed_on", { mode: "string" }).notNull(),
  },
  (t) => [primaryKey({ columns: [t.planId, t.kind, t.value] })],
);
