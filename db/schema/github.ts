import { sql } from "drizzle-orm";
import { bigint, boolean, index, integer, pgTable, primaryKey, text, timestamp } from "drizzle-orm/pg-core";

/** Every signed GitHub delivery we accepted, keyed by `X-GitHub-Delivery` (a redelivery keeps its GUID: a no-op). */
export const githubDeliveries = pgTable("github_deliveries", {
  deliveryId: text("delivery_id").primaryKey(),
  event: text("event").notNull(),
  action: text("action"),
  repo: text("repo"),
  number: integer("number"),
  receivedAt: timestamp("received_at", { withTimezone: true }).notNull().defaultNow(),
});

/**
 * A pull request as its newest delivery described it. Deliveries arrive out of order, so a row is replaced only by
 * a snapshot whose GitHub `updated_at` is not older than the stored one. `state`: open | merged | closed (= closed
 * without merging: abandoned).
 */
export const pullRequests = pgTable(
  "pull_requests",
  {
    repo: text("repo").notNull(),
    number: integer("number").notNull(),
    githubId: bigint("github_id", { mode: "number" }),
    title: text("title").notNull(),
    author: text("author"),
    authorIsBot: boolean("author_is_bot").notNull().default(false),
    state: text("state").notNull(),
    draft: boolean("draft").notNull().default(false),
    headRef: text("head_ref").notNull(),
    headSha: text("head_sha"),
    baseRef: text("base_ref"),
    htmlUrl: text("html_url"),
    openedAt: timestamp("opened_at", { withTimezone: true }).notNull(),
    closedAt: timestamp("closed_at", { withTimezone: true }),
    mergedAt: timestamp("merged_at", { withTimezone: true }),
    githubUpdatedAt: timestamp("github_updated_at", { withTimezone: true }).notNull(),
    additions: integer("additions"),
    deletions: integer("deletions"),
    changedFiles: integer("changed_files"),
  },
  (t) => [
    primaryKey({ columns: [t.repo, t.number] }),
    // The branch join: the PRs of a repo's branch in time order.
    index("pull_requests_repo_head_idx").on(t.repo, t.headRef, t.openedAt),
    index("pull_requests_closed_idx").on(t.closedAt).where(sql`${t.closedAt} is not null`),
  ],
);
