import { bigint, boolean, index, integer, jsonb, pgTable, text, timestamp, uuid } from "drizzle-orm/pg-core";
import { createdAt } from "../columns";

export const users = pgTable("users", {
  id: uuid("id").primaryKey().defaultRandom(),
  email: text("email").notNull().unique(),
  name: text("name"),
  /** Null until the person accepts their invite (or for people who only sign in with GitHub/OIDC). */
  passwordHash: text("password_hash"),
  role: text("role", { enum: ["admin", "finance", "member"] }).notNull(),
  createdAt: createdAt(),
  deactivatedAt: timestamp("deactivated_at", { withTimezone: true }),
  lastSignInAt: timestamp("last_sign_in_at", { withTimezone: true }),
  /** Bumped on deactivation and password change: session tokens carry it, so older sessions stop working at once. */
  sessionEpoch: integer("session_epoch").notNull().default(0),
  inviteTokenHash: text("invite_token_hash").unique(),
  inviteExpiresAt: timestamp("invite_expires_at", { withTimezone: true }),
});

/** Keys are stored as a SHA-256 hash of the whole key (they are 192-bit random, so no slow KDF is needed). */
/** The gateways whose records come with an ingest key (Helicone's are signed instead). */
export type GatewayName = "litellm" | "openmeter";
export interface GatewayOptions {
  /** OpenMeter: the attribution field a CloudEvent's `subject` fills (default `customer`), or `none`. */
  subject?: "customer" | "user" | "none";
  /** OpenMeter per-token events: `input` already includes cache reads (OpenAI's `prompt_tokens`); default false. */
  input_includes_cached?: boolean;
}

export const apiKeys = pgTable(
  "api_keys",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    name: text("name").notNull(),
    prefix: text("prefix").notNull(),
    keyHash: text("key_hash").notNull().unique(),
    scopes: text("scopes").array().notNull(),
    createdBy: uuid("created_by").references(() => users.id),
    createdAt: createdAt(),
    lastUsedAt: timestamp("last_used_at", { withTimezone: true }),
    revokedAt: timestamp("revoked_at", { withTimezone: true }),
    /** The key BURNRATE_INIT_API_KEY stored; a different value at start revokes it. */
    isInit: boolean("is_init").notNull().default(false),
    /**
     * The gateway this key sends through (`litellm`, `openmeter`; lib/gateways/key-binding.ts), set when it is created
     * for one on Settings → Connect or on its first gateway request: one ingest path per gateway per key, so a proxy
     * configured twice is refused rather than counted twice.
     */
    gateway: text("gateway").$type<GatewayName>(),
    /** How that gateway's records are read (OpenMeter: what `subject` means, whether `input` includes cache reads). */
    gatewayOptions: jsonb("gateway_options").$type<GatewayOptions>(),
  },
  (t) => [index("api_keys_prefix_idx").on(t.prefix)],
);

/**
 * Counters for sign-in throttling and anonymous audit limits (lib/auth/throttle.ts, lib/audit/record-audit.ts):
 * failures per key in the window that started at `window_started_at`, and the latest one (delays count from it).
 */
export const signInThrottle = pgTable(
  "sign_in_throttle",
  {
    key: text("key").primaryKey(),
    failures: integer("failures").notNull(),
    windowStartedAt: timestamp("window_started_at", { withTimezone: true }).notNull(),
    lastFailureAt: timestamp("last_failure_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index("sign_in_throttle_last_failure_idx").on(t.lastFailureAt)],
);

/** Signed-out sessions (the `sid` claim of the session token), kept until no token carrying them can still be valid. */
export const revokedSessions = pgTable(
  "revoked_sessions",
  {
    sid: text("sid").primaryKey(),
    expiresAt: timestamp("expires_at", { withTimezone: true }).notNull(),
  },
  (t) => [index("revoked_sessions_expires_idx").on(t.expiresAt)],
);

/** Append-only: who did what, when. Labels are copied so the log stays readable after a user or key is gone. */
export const auditLog = pgTable(
  "audit_log",
  {
    id: bigint("id", { mode: "number" }).primaryKey().generatedAlwaysAsIdentity(),
    at: timestamp("at", { withTimezone: true }).notNull().defaultNow(),
    actorKind: text("actor_kind", { enum: ["user", "api_key", "system", "anonymous"] }).notNull(),
    actorId: text("actor_id"),
    actorLabel: text("actor_label").notNull(),
    action: text("action").notNull(),
    target: text("target"),
    details: jsonb("details").$type<Record<string, unknown>>(),
    ip: text("ip"),
  },
  (t) => [index("audit_log_at_idx").on(t.at.desc()), index("audit_log_action_idx").on(t.action, t.at.desc())],
);

/** Instance-wide values generated once (e.g. the session-signing secret when none is configured). */
export const instanceSecrets = pgTable("instance_secrets", {
  name: text("name").primaryKey(),
  value: text("value").notNull(),
  createdAt: createdAt(),
});
