import { pgTable, primaryKey, text, timestamp } from "drizzle-orm/pg-core";

/**
 * A teammate's mark on an item of a weekly review (`YYYY-Www`): a request (`item_id` = the event id) or a session
 * (the session id). No row = status `open`. The latest save wins; the audit log keeps every change.
 */
export const reviewMarks = pgTable(
  "review_marks",
  {
    week: text("week").notNull(),
    kind: text("kind", { enum: ["request", "session"] }).notNull(),
    itemId: text("item_id").notNull(),
    status: text("status", { enum: ["open", "acknowledged", "fixed", "accepted"] }).notNull(),
    tags: text("tags").array().notNull(),
    note: text("note"),
    owner: text("owner"),
    updatedBy: text("updated_by").notNull(),
    updatedAt: timestamp("updated_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.week, t.kind, t.itemId] })],
);
