import { type DbHandle, openDb } from "@/db";
import { users } from "@/db/schema";
import { systemContext } from "@/lib/auth/actor";
import { createApiKey } from "@/lib/auth/api-keys";
import { hashPassword } from "@/lib/auth/passwords";
import { createPostgresDatabase, testBackends } from "@/scripts/test/databases";
import { type RunningServer, startServer, tempDir } from "@/scripts/test/server";
import { TcpProxy } from "./tcp-proxy";

export interface Backend {
  kind: "pglite" | "postgres";
  server: RunningServer;
  keys: { ingest: string; read: string; export: string; admin: string };
  /** Postgres only: cut and restore the server's connection to the database. */
  proxy?: TcpProxy;
  /** Postgres only: a direct URL to the database, for checking what was stored. */
  dbUrl?: string;
  close: () => Promise<void>;
}

export const INIT_KEY = "br_test_init_key_0123456789abcdef";
/** The webhook secret of specs/github-webhooks.md's fixtures. */
export const GITHUB_WEBHOOK_SECRET = "test-webhook-secret";

export const MEMBER_PASSWORD = "a password for tests";
export const ROLE_EMAILS = { admin: "admin@test.burnrate", finance: "finance@test.burnrate", member: "member@test.burnrate" } as const;

/**
 * Starts the built server on each available database, with keys of each scope and one member per role
 * (password MEMBER_PASSWORD) created before it starts.
 */
export async function startBackend(
  kind: "pglite" | "postgres",
  extraEnv: Record<string, string> = {},
  /** Rows a test needs before the server starts (PGlite allows one process per data directory). */
  seed?: (db: DbHandle["db"]) => Promise<void>,
): Promise<Backend> {
  const cleanups: (() => Promise<void> | void)[] = [];
  let dbConfig: { url?: string; dataDir?: string };
  let serverEnv: Record<string, string>;
  let proxy: TcpProxy | undefined;
  let dbUrl: string | undefined;
  if (kind === "postgres") {
    const created = await createPostgresDatabase();
    cleanups.push(created.drop);
    dbUrl = created.url;
    const target = new URL(created.url);
    proxy = new TcpProxy(target.hostname, Number(target.port || 5432));
    await proxy.start();
    cleanups.push(() => proxy?.stop());
    const proxied = new URL(created.url);
    proxied.hostname = "127.0.0.1";
    proxied.port = String(proxy.port);
    dbConfig = { url: created.url };
    serverEnv = { DATABASE_URL: proxied.toString(), BURNRATE_RETRY_AFTER_SECONDS: "2" };
  } else {
    const tmp = tempDir("burnrate-http-");
    cleanups.push(tmp.remove);
    dbConfig = { dataDir: tmp.dir };
    serverEnv = { BURNRATE_DATA_DIR: tmp.dir };
  }
  const handle = await openDb(dbConfig);
  const ingest = await createApiKey(systemContext(handle.db), { name: "ingest", scopes: ["ingest"] });
  const read = await createApiKey(systemContext(handle.db), { name: "read", scopes: ["read"] });
  const exportKey = await createApiKey(systemContext(handle.db), { name: "export", scopes: ["export"] });
  const passwordHash = await hashPassword(MEMBER_PASSWORD);
  await handle.db
    .insert(users)
    .values(Object.entries(ROLE_EMAILS).map(([role, email]) => ({ email, role: role as keyof typeof ROLE_EMAILS, passwordHash })));
  await seed?.(handle.db);
  await handle.close();
  const server = await startServer({ ...serverEnv, BURNRATE_INIT_API_KEY: INIT_KEY, GITHUB_WEBHOOK_SECRET, ...extraEnv });
  cleanups.push(() => server.stop());
  return {
    kind,
    server,
    proxy,
    dbUrl,
    keys: { ingest: ingest.key, read: read.key, export: exportKey.key, admin: INIT_KEY },
    close: async () => {
      for (const c of cleanups.reverse()) await c();
    },
  };
}

export { testBackends };

/** A request to the backend's server with a bearer key (null: none) and, when given, a JSON body (a string as is). */
export function callApi(b: Backend, method: string, path: string, key: string | null, body?: unknown): Promise<Response> {
  return fetch(`${b.server.url}${path}`, {
    method,
    headers: {
      ...(key ? { authorization: `Bearer ${key}` } : {}),
      ...(body !== undefined ? { "content-type": "application/json" } : {}),
    },
    body: body === undefined ? undefined : typeof body === "string" ? body : JSON.stringify(body),
  });
}
