import net from "node:net";
import postgres from "postgres";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { THROTTLE } from "@/lib/auth/throttle-policy";
import { makeEvent } from "@/scripts/test/events";
import { startServer, tempDir } from "@/scripts/test/server";
import { signInOverHttp } from "@/scripts/test/session";
import { type Backend, MEMBER_PASSWORD, ROLE_EMAILS, startBackend, testBackends } from "./support/backends";

interface RawResponse {
  status: number;
  headers: Record<string, string>;
  body: string;
}

/** Sends bytes as they are (methods fetch refuses, oversized headers, a trickled body) and reads the answer. */
function raw(url: string, chunks: (string | { wait: number })[]): Promise<RawResponse> {
  const { hostname, port } = new URL(url);
  return new Promise((resolve, reject) => {
    const socket = net.connect(Number(port), hostname);
    let data = "";
    socket.on("data", (d) => {
      data += d;
    });
    socket.on("error", reject);
    socket.on("close", () => {
      const [head = "", ...rest] = data.split("\r\n\r\n");
      const [statusLine = "", ...lines] = head.split("\r\n");
      const headers = Object.fromEntries(lines.map((l) => [l.slice(0, l.indexOf(":")).toLowerCase(), l.slice(l.indexOf(":") + 1).trim()]));
      resolve({ status: Number(statusLine.split(" ")[1]), headers, body: rest.join("\r\n\r\n") });
    });
    socket.on("connect", async () => {
      for (const c of chunks) {
        if (typeof c === "string") {
          if (!socket.writable) break;
          socket.write(c);
        } else await new Promise((r) => setTimeout(r, c.wait));
      }
    });
  });
}

const errorShape = (code: string) => ({ error: { code, message: expect.any(String) } });
const KIND = testBackends().includes("postgres") ? "postgres" : "pglite";

describe(`hostile input over HTTP [${KIND}]`, () => {
  let b: Backend;
  beforeAll(async () => {
    // A daily provider sync: the largest interval lib/env.ts accepts (pg-boss refused it before).
    b = await startBackend(KIND, { BURNRATE_REQUEST_TIMEOUT_SECONDS: "2", BURNRATE_SYNC_INTERVAL_MINUTES: "1440" });
  });
  afterAll(async () => {
    await b?.close();
  });
  const request = (method: string, path: string, headers: Record<string, string> = {}) =>
    raw(b.server.url, [
      `${method} ${path} HTTP/1.1\r\nHost: x\r\nConnection: close\r\n${Object.entries(headers)
        .map(([k, v]) => `${k}: ${v}\r\n`)
        .join("")}\r\n`,
    ]);

  it("starts the job runner with a daily sync and says so in /api/health", async () => {
    let body: { status: string; database: string; jobs: string } = { status: "", database: "", jobs: "starting" };
    for (let i = 0; i < 100 && body.jobs === "starting"; i++) {
      body = await (await fetch(`${b.server.url}/api/health`)).json();
      if (body.jobs === "starting") await new Promise((r) => setTimeout(r, 100));
    }
    expect(body).toEqual({ status: "ok", database: "ok", jobs: "ok", replica: "off" });
  });

  it("answers an undecodable path segment under /api/ in JSON, and with the 404 page on a page, never a 500", async () => {
    const api = await fetch(`${b.server.url}/api/v1/budgets/%ff`, {
      method: "DELETE",
      headers: { authorization: `Bearer ${b.keys.admin}` },
    });
    expect(api.status).toBeLessThan(500);
    expect(api.headers.get("content-type")).toMatch(/application\/json/);
    expect((await api.json()).error.code).toEqual(expect.any(String));
    const { cookie } = await signInOverHttp(b.server.url, ROLE_EMAILS.member, MEMBER_PASSWORD);
    for (const path of ["/sessions/%ff", "/sessions/%e2%82"]) {
      const page = await fetch(`${b.server.url}${path}`, { headers: { cookie } });
      expect(page.status, path).toBe(404);
      expect(page.headers.get("content-type")).toMatch(/text\/html/);
    }
  });

  it("answers TRACE and other methods no route implements with a JSON 405 and the route's Allow header", async () => {
    const trace = await request("TRACE", "/api/health");
    expect(trace.status).toBe(405);
    expect(trace.headers.allow).toContain("GET");
    expect(JSON.parse(trace.body)).toEqual(errorShape("method_not_allowed"));
    const put = await fetch(`${b.server.url}/api/v1/events`, { method: "PUT", headers: { authorization: `Bearer ${b.keys.ingest}` } });
    expect(put.status).toBe(405);
    expect(put.headers.get("allow")).toBe("OPTIONS, POST");
    expect(await put.json()).toEqual(errorShape("method_not_allowed"));
    const propfind = await request("PROPFIND", "/api/v1/spend");
    expect(propfind.status).toBe(405);
    expect(JSON.parse(propfind.body)).toEqual(errorShape("method_not_allowed"));
    expect((await request("TRACE", "/")).status).toBe(405);
  });

  it("answers an unknown method with a JSON 400 and oversized headers with a JSON 431", async () => {
    const unknown = await request("BREW", "/api/health");
    expect(unknown.status).toBe(400);
    expect(JSON.parse(unknown.body)).toEqual(errorShape("bad_request"));
    const big = await request("GET", "/api/health", { "x-filler": "a".repeat(40_000) });
    expect(big.status).toBe(431);
    expect(JSON.parse(big.body)).toEqual(errorShape("headers_too_large"));
  });

  it("answers unknown /api/ paths with a JSON 404 not_found, whatever the method", async () => {
    for (const method of ["GET", "POST", "DELETE"]) {
      const res = await fetch(`${b.server.url}/api/v1/no-such-thing`, { method });
      expect(res.status, method).toBe(404);
      expect(await res.json()).toEqual(errorShape("not_found"));
    }
    // A form POST from another origin is what Next takes for a server action; with no route there, it was a 500.
    for (const type of ["multipart/form-data; boundary=x", "application/x-www-form-urlencoded"]) {
      for (const path of ["/api/v1/no-such-thing", "/api/v1/people/%2e%2e/aliases"]) {
        const res = await fetch(`${b.server.url}${path}`, {
          method: "POST",
          headers: { "content-type": type, origin: "http://elsewhere.invalid", authorization: `Bearer ${b.keys.admin}` },
          body: "x",
        });
        expect({ type, path, status: res.status }).toEqual({ type, path, status: 404 });
        expect(await res.json()).toEqual(errorShape("not_found"));
      }
    }
    // A route that exists still gets the form body, and answers it itself.
    const routed = await fetch(`${b.server.url}/api/v1/people`, {
      method: "POST",
      headers: { "content-type": "multipart/form-data; boundary=x", authorization: `Bearer ${b.keys.admin}` },
      body: "x",
    });
    expect(routed.status).toBe(400);
    expect(await routed.json()).toEqual(errorShape("invalid_json"));
  });

  it("cuts a body that trickles in slower than the request timeout with a JSON 408", async () => {
    const head = `POST /api/v1/events HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer ${b.keys.ingest}\r\nContent-Type: application/json\r\nContent-Length: 100\r\n\r\n`;
    const trickle = Array.from({ length: 30 }, () => ["{", { wait: 1000 }]).flat() as (string | { wait: number })[];
    const res = await raw(b.server.url, [head, ...trickle]);
    expect(res.status).toBe(408);
    expect(JSON.parse(res.body)).toEqual(errorShape("request_timeout"));
    expect((await fetch(`${b.server.url}/api/health`)).status).toBe(200);
  });

  it("rejects events with text PostgreSQL cannot store by index and stores their siblings (events and OTLP)", async () => {
    const now = new Date().toISOString();
    const events = [
      makeEvent({ id: "hostile-ok-1", timestamp: now, team: "hostile" }),
      makeEvent({ id: "hostile-s1", timestamp: now, team: "hostile", tags: { k: "\ud800" } }),
      makeEvent({ id: "hostile-s2", timestamp: now, team: "\udfff" }),
      makeEvent({ id: "hostile-nul\u0000", timestamp: now, team: "hostile" }),
      makeEvent({ id: "hostile-ok-2", timestamp: now, team: "hostile" }),
    ];
    const res = await fetch(`${b.server.url}/api/v1/events`, {
      method: "POST",
      headers: { "content-type": "application/json", authorization: `Bearer ${b.keys.ingest}` },
      body: JSON.stringify({ events }),
    });
    expect(res.status).toBe(200);
    const body = await res.json();
    expect(body).toMatchObject({ accepted: 2, duplicates: 0 });
    expect(body.rejected.map((r: { index: number }) => r.index)).toEqual([1, 2, 3]);

    const span = (traceId: string, spanId: string) => ({
      traceId,
      spanId,
      name: "chat",
      startTimeUnixNano: String(Date.now() * 1e6),
      endTimeUnixNano: String(Date.now() * 1e6 + 1e9),
      attributes: [
        { key: "gen_ai.operation.name", value: { stringValue: "chat" } },
        { key: "gen_ai.request.model", value: { stringValue: "gpt-4o" } },
        { key: "gen_ai.usage.input_tokens", value: { intValue: "10" } },
        { key: "gen_ai.usage.output_tokens", value: { intValue: "5" } },
        { key: "burnrate.team", value: { stringValue: "hostile-otlp" } },
      ],
    });
    const otlp = await fetch(`${b.server.url}/api/v1/otlp/v1/traces`, {
      method: "POST",
      headers: { "content-type": "application/json", authorization: `Bearer ${b.keys.ingest}` },
      body: JSON.stringify({
        resourceSpans: [
          { scopeSpans: [{ spans: [span("\ud800", "\udfff"), span("0af7651916cd43dd8448eb211c80319c", "b7ad6b7169203331")] }] },
        ],
      }),
    });
    expect(otlp.status).toBe(200);
    expect(Number((await otlp.json()).partialSuccess?.rejectedSpans)).toBe(1);
    const spend = await fetch(`${b.server.url}/api/v1/spend?team=hostile-otlp`, { headers: { authorization: `Bearer ${b.keys.read}` } });
    expect((await spend.json()).totals.requests).toBe(1);
  });

  it("refuses a budget whose name or filter value PostgreSQL cannot store with 400 validation_failed", async () => {
    for (const budget of [
      { name: "b\ud800", amount_usd: "10", period: "day" },
      { name: "b", amount_usd: "10", period: "day", filters: { team: "\udfff" } },
      { name: "b\u0000", amount_usd: "10", period: "day" },
    ]) {
      const res = await fetch(`${b.server.url}/api/v1/budgets`, {
        method: "POST",
        headers: { "content-type": "application/json", authorization: `Bearer ${b.keys.admin}` },
        body: JSON.stringify(budget),
      });
      expect(res.status).toBe(400);
      expect((await res.json()).error.code).toBe("validation_failed");
    }
  });

  it("ignores a client's X-Forwarded-Proto when no proxy is trusted (no Secure cookie over plain HTTP)", async () => {
    const { setCookie } = await signInOverHttp(b.server.url, ROLE_EMAILS.member, MEMBER_PASSWORD, { "x-forwarded-proto": "https" });
    expect(setCookie.some((c) => c.startsWith("authjs.session-token="))).toBe(true);
    expect(setCookie.some((c) => c.startsWith("__Secure-"))).toBe(false);
  });

  it.runIf(KIND === "postgres")("reads the client address from the socket, not from a client's X-Forwarded-For", async () => {
    const failSignIn = async (forwardedFor: string) => {
      const headers = { "x-forwarded-for": forwardedFor };
      const csrf = await fetch(`${b.server.url}/api/auth/csrf`, { headers });
      const { csrfToken } = (await csrf.json()) as { csrfToken: string };
      const cookie = csrf.headers
        .getSetCookie()
        .map((c) => c.split(";")[0])
        .join("; ");
      const res = await fetch(`${b.server.url}/api/auth/callback/credentials`, {
        method: "POST",
        redirect: "manual",
        headers: { ...headers, cookie, "content-type": "application/x-www-form-urlencoded" },
        body: new URLSearchParams({
          csrfToken,
          email: "nobody@test.burnrate",
          password: "wrong password",
          callbackUrl: "/",
        }),
      });
      await res.body?.cancel();
    };
    // One account from one socket, each attempt claiming another address: were the header believed, every
    // attempt would be a fresh (account, address) pair and never wait.
    for (let i = 1; i <= THROTTLE.freeFailures; i++) await failSignIn(`198.51.100.${i}`);
    await failSignIn("203.0.113.99");
    const sql = postgres(b.dbUrl as string, { max: 1, onnotice: () => {} });
    try {
      const rows = await sql<{ action: string; ip: string | null }[]>`
        select action, ip from audit_log where action in ('auth.sign_in_failed', 'auth.sign_in_blocked') order by id`;
      expect(rows.length).toBeGreaterThanOrEqual(THROTTLE.freeFailures + 1);
      for (const row of rows) expect(row.ip).toMatch(/^(::ffff:)?127\.0\.0\.1$/);
      // The next attempt, with yet another forged header, is throttled as the same (account, address).
      expect(rows.at(-1)?.action).toBe("auth.sign_in_blocked");
    } finally {
      await sql.end();
    }
  });
});

describe("a bad environment at start", () => {
  it("exits non-zero before listening, naming the variable and the rule, never a secret's value", async () => {
    const tmp = tempDir("burnrate-bad-env-");
    try {
      const secret = "too-short-secret-value";
      const started = startServer({ BURNRATE_DATA_DIR: tmp.dir, BURNRATE_SYNC_INTERVAL_MINUTES: "100000", AUTH_SECRET: secret });
      const error = await started.then(
        (s) => s.stop().then(() => new Error("the server started")),
        (e: Error) => e,
      );
      expect(error.message).toMatch(/server exited with 1/);
      expect(error.message).toMatch(/BURNRATE_SYNC_INTERVAL_MINUTES: .*1440/);
      expect(error.message).toMatch(/AUTH_SECRET: .*at least 32 characters/);
      expect(error.message).not.toContain(secret);
    } finally {
      tmp.remove();
    }
  });
});
