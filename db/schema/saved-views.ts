import { sql } from "drizzle-orm";
import { check, pgTable, text, uniqueIndex, uuid } from "drizzle-orm/pg-core";
import { createdAt } from "../columns";
import { users } from "./auth";

/**
 * A named Spend explorer view shared with the team (lib/explorer/saved-views.ts): `query` is the explorer's query
 * string (grouping, filters, period, measure), validated with the explorer's parser when saved and again when read.
 * Names are unique whatever their case.
 */
export const savedViews = pgTable(
  "saved_views",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    name: text("name").notNull(),
    query: text("query").notNull(),
    createdBy: uuid("created_by").references(() => users.id, { onDelete: "set null" }),
    createdAt: createdAt(),
  },
  (t) => [
    uniqueIndex("saved_views_name_idx").on(sql`lower(${t.name})`),
    check("saved_views_name_length", sql`char_length(${t.name}) between 1 and 60`),
  ],
);
