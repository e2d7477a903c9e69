import { z } from "zod";
import { parseAllowedHosts } from "./net/allow-list";

const optional = z
  .string()
  .optional()
  .transform((v) => (v === undefined || v.trim() === "" ? undefined : v));

export const EnvSchema = z.object({
  NODE_ENV: z.enum(["development", "production", "test"]).default("development"),
  DATABASE_URL: optional.pipe(z.url({ protocol: /^postgres(ql)?$/ }).optional()),
  // A streaming replica of DATABASE_URL that dashboards, read APIs and exports read from (db/replica.ts); optional.
  // Ignored without DATABASE_URL (embedded PGlite has no replicas).
  DATABASE_READ_URL: optional.pipe(z.url({ protocol: /^postgres(ql)?$/ }).optional()),
  // Dashboards show a banner when the replica's replay is further behind than this.
  BURNRATE_REPLICA_MAX_LAG_SECONDS: z.coerce
    .number()
    .int()
    .min(1)
    .max(24 * 3600)
    .default(60),
  BURNRATE_DATA_DIR: z.string().default("./.data"),
  BURNRATE_DB_POOL_MAX: z.coerce.number().int().min(1).max(200).default(10),
  BURNRATE_INIT_API_KEY: optional.pipe(z.string().min(20, "BURNRATE_INIT_API_KEY must be at least 20 characters").optional()),
  BURNRATE_INIT_ADMIN_EMAIL: optional.pipe(z.email().optional()),
  BURNRATE_INIT_ADMIN_PASSWORD: optional.pipe(z.string().min(12, "BURNRATE_INIT_ADMIN_PASSWORD must be at least 12 characters").optional()),
  // First run: the token /setup asks for, instead of a random one printed in the server log (e.g. for automation).
  BURNRATE_SETUP_TOKEN: optional.pipe(
    z
      .string()
      .min(20, "BURNRATE_SETUP_TOKEN must be at least 20 characters")
      .max(200, "BURNRATE_SETUP_TOKEN must be at most 200 characters")
      .regex(/^[\x21-\x7e]+$/, "BURNRATE_SETUP_TOKEN must be printable ASCII without spaces")
      .optional(),
  ),
  BURNRATE_OTLP_MAX_CONCURRENT_EXPORTS: z.coerce.number().int().min(1).max(1000).default(8),
  // Client-side deadline of every PostgreSQL statement (db/deadline.ts): under the server's 60 s statement_timeout.
  BURNRATE_QUERY_TIMEOUT_SECONDS: z.coerce.number().int().min(1).max(59).default(30),
  BURNRATE_RETRY_AFTER_SECONDS: z.coerce.number().int().min(1).max(3600).default(5),
  BURNRATE_SECRET: optional.pipe(z.string().min(32, "BURNRATE_SECRET must be at least 32 characters").optional()),
  AUTH_SECRET: optional.pipe(z.string().min(32, "AUTH_SECRET must be at least 32 characters").optional()),
  BURNRATE_SESSION_MAX_AGE_HOURS: z.coerce
    .number()
    .int()
    .min(1)
    .max(24 * 90)
    .default(168),
  BURNRATE_TRUSTED_PROXIES: z.coerce.number().int().min(0).max(10).default(0),
  // The whole request (headers and body) must arrive within this time, else 408 (slow-client protection).
  BURNRATE_REQUEST_TIMEOUT_SECONDS: z.coerce.number().int().min(1).max(3600).default(60),
  AUTH_URL: optional.pipe(z.url().optional()),
  AUTH_GITHUB_ID: optional,
  AUTH_GITHUB_SECRET: optional,
  AUTH_OIDC_ISSUER: optional.pipe(z.url().optional()),
  AUTH_OIDC_ID: optional,
  AUTH_OIDC_SECRET: optional,
  AUTH_OIDC_NAME: z.string().default("Single sign-on"),
  GITHUB_WEBHOOK_SECRET: optional,
  // The HMAC key of a Helicone webhook (lib/gateways/helicone-request.ts); Settings → Connect can store one instead.
  HELICONE_WEBHOOK_SECRET: optional,
  // A Helicone API key: each delivery is enriched from Helicone's REST API (time, properties, sessions); optional.
  HELICONE_API_KEY: optional,
  HELICONE_API_URL: optional.pipe(z.url({ protocol: /^https?$/ }).default("https://api.helicone.ai")),
  // The GitHub organisation (lib/people/github-import.ts: members' logins and public emails; the Copilot source later).
  GITHUB_ORG: optional.pipe(
    z
      .string()
      .regex(/^[A-Za-z0-9][A-Za-z0-9-]{0,38}$/, "must be a GitHub organisation login")
      .optional(),
  ),
  GITHUB_ORG_TOKEN: optional,
  GITHUB_COPILOT_TOKEN: optional,
  GITHUB_API_URL: optional.pipe(z.url({ protocol: /^https?$/ }).default("https://api.github.com")),
  // Budgets and alerts (lib/budgets, lib/alerts): how often the evaluator runs, where alerts go, and the rules.
  BURNRATE_EVAL_INTERVAL_SECONDS: z.coerce.number().int().min(1).max(3600).default(60),
  ALERT_WEBHOOK_URL: optional.pipe(z.url({ protocol: /^https?$/ }).optional()),
  // Hosts (`host[:port]`, comma list) that budget webhooks and Settings provider URLs may reach even on private addresses.
  BURNRATE_WEBHOOK_ALLOWED_HOSTS: optional
    .pipe(
      z
        .string()
        .max(4000)
        .superRefine((v, ctx) => {
          try {
            parseAllowedHosts(v);
          } catch (err) {
            ctx.addIssue({ code: "custom", message: `must be a comma list of host[:port]: ${(err as Error).message}` });
          }
        })
        .optional(),
    )
    .transform(parseAllowedHosts),
  BURNRATE_ALERT_RETRY_BASE_SECONDS: z.coerce.number().int().min(1).max(3600).default(30),
  BURNRATE_ALERT_MAX_ATTEMPTS: z.coerce.number().int().min(1).max(50).default(10),
  BURNRATE_ANOMALY_FACTOR: z.coerce.number().min(1).max(100).default(3),
  BURNRATE_ANOMALY_FLOOR_USD: z.coerce.number().min(0).default(10),
  BURNRATE_RUNAWAY_SESSION_USD: z.coerce.number().min(0).default(20),
  BURNRATE_JOBS: z.enum(["on", "off"]).default("on"),
  // Retention (lib/partitions/retention.ts): keep the current UTC month and this many before it; the job runner drops
  // the raw events of every older month (rollups, closes and review stay). Unset: keep everything.
  BURNRATE_RETENTION_MONTHS: optional.pipe(z.coerce.number<string | undefined>().int().min(1).max(1200).optional()),
  // Provider sync (lib/providers): admin keys (Settings → Providers may store them instead), API bases, schedule.
  OPENAI_ADMIN_KEY: optional,
  OPENAI_BASE_URL: optional.pipe(z.url({ protocol: /^https?$/ }).default("https://api.openai.com/v1")),
  ANTHROPIC_ADMIN_KEY: optional,
  ANTHROPIC_BASE_URL: optional.pipe(z.url({ protocol: /^https?$/ }).default("https://api.anthropic.com")),
  // Coding-tool sources (lib/coding-tools): Cursor's Admin API key; Copilot uses GITHUB_COPILOT_TOKEN + GITHUB_ORG.
  CURSOR_ADMIN_KEY: optional,
  CURSOR_BASE_URL: optional.pipe(z.url({ protocol: /^https?$/ }).default("https://api.cursor.com")),
  BURNRATE_SYNC_INTERVAL_MINUTES: z.coerce
    .number()
    .int()
    .min(1)
    .max(24 * 60)
    .default(60),
  BURNRATE_SYNC_BACKFILL_DAYS: z.coerce.number().int().min(1).max(730).default(90),
  BURNRATE_SYNC_TIMEOUT_SECONDS: z.coerce.number().int().min(1).max(600).default(60),
  CRON_SECRET: optional.pipe(z.string().min(16, "CRON_SECRET must be at least 16 characters").optional()),
});

export type Env = z.infer<typeof EnvSchema>;

let cached: Env | undefined;

/** The only reader of process.env. Throws a readable error listing every bad variable. */
export function env(): Env {
  if (cached) return cached;
  const parsed = EnvSchema.safeParse(process.env);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((i) => `  ${i.path.join(".")}: ${i.message}`);
    throw new Error(`Invalid environment configuration:\n${lines.join("\n")}`);
  }
  const e = parsed.data;
  if (Boolean(e.BURNRATE_INIT_ADMIN_EMAIL) !== Boolean(e.BURNRATE_INIT_ADMIN_PASSWORD)) {
    throw new Error("Invalid environment configuration: set both BURNRATE_INIT_ADMIN_EMAIL and BURNRATE_INIT_ADMIN_PASSWORD, or neither");
  }
  cached = e;
  return e;
}
