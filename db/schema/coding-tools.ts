import { bigint, date, index, jsonb, pgTable, primaryKey, text } from "drizzle-orm/pg-core";
import type { CodingToolSource } from "./providers";

/**
 * What a coding tool reports a person did in a day, beside the money (which lands as events): sessions, lines,
 * commits and pull requests the tool made, suggestions accepted and rejected. `identity` is the value the vendor
 * names the person by (Claude Code: email or API key name; Cursor: email; Copilot: login), resolved to a person at
 * read time like an event's `user`. A sync replaces a source's rows of a day as a whole.
 */
export const toolActivity = pgTable(
  "tool_activity",
  {
    source: text("source").$type<CodingToolSource>().notNull(),
    day: date("day", { mode: "string" }).notNull(),
    identity: text("identity").notNull(),
    sessions: bigint("sessions", { mode: "number" }).notNull().default(0),
    linesAdded: bigint("lines_added", { mode: "number" }).notNull().default(0),
    linesRemoved: bigint("lines_removed", { mode: "number" }).notNull().default(0),
    commits: bigint("commits", { mode: "number" }).notNull().default(0),
    pullRequests: bigint("pull_requests", { mode: "number" }).notNull().default(0),
    accepted: bigint("accepted", { mode: "number" }).notNull().default(0),
    rejected: bigint("rejected", { mode: "number" }).notNull().default(0),
    requests: bigint("requests", { mode: "number" }).notNull().default(0),
    /** The vendor's other counters, as it names them (tabs shown, CLI sessions, terminal, most used model…). */
    details: jsonb("details").$type<Record<string, string | number | boolean | null>>().notNull().default({}),
  },
  (t) => [primaryKey({ columns: [t.source, t.day, t.identity] }), index("tool_activity_day_idx").on(t.day)],
);
