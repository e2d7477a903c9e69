import { sql } from "drizzle-orm";
import { date, index, integer, jsonb, pgTable, text, timestamp, uniqueIndex, uuid } from "drizzle-orm/pg-core";

/** `digest` is the weekly review digest (lib/review/digest.ts): it rides the same outbox, and alert lists leave it out. */
export type AlertKind = "budget" | "anomaly" | "runaway" | "quota" | "digest";

/**
 * Every alert that fired, and its delivery (an outbox: claimed with FOR UPDATE SKIP LOCKED, retried with backoff).
 * `dedupe_key` makes firing exactly-once in the database: budget alerts are keyed by budget, period start and
 * threshold; anomalies by dimension, value and day; runaway sessions by session and day.
 */
export const alerts = pgTable(
  "alerts",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    dedupeKey: text("dedupe_key").notNull(),
    kind: text("kind").$type<AlertKind>().notNull(),
    // No foreign key: an alert outlives a deleted budget (the history stays on the Alerts screen).
    budgetId: uuid("budget_id"),
    threshold: integer("threshold"),
    periodStart: date("period_start", { mode: "string" }).notNull(),
    subject: text("subject"),
    message: text("message").notNull(),
    details: jsonb("details").$type<Record<string, unknown>>().notNull(),
    firedAt: timestamp("fired_at", { withTimezone: true }).notNull().defaultNow(),
    /** Where to POST it (the budget's webhook or ALERT_WEBHOOK_URL at firing time); null = nowhere configured. */
    webhookUrl: text("webhook_url"),
    attempts: integer("attempts").notNull().default(0),
    nextAttemptAt: timestamp("next_attempt_at", { withTimezone: true }),
    lastAttemptAt: timestamp("last_attempt_at", { withTimezone: true }),
    lastError: text("last_error"),
    deliveredAt: timestamp("delivered_at", { withTimezone: true }),
  },
  (t) => [
    uniqueIndex("alerts_dedupe_key_idx").on(t.dedupeKey),
    index("alerts_fired_at_idx").on(t.firedAt),
    index("alerts_pending_idx").on(t.nextAttemptAt).where(sql`${t.deliveredAt} is null and ${t.nextAttemptAt} is not null`),
  ],
);
