import http from "node:http";
import fc from "fast-check";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { makeEvent } from "@/scripts/test/events";
import { signInOverHttp } from "@/scripts/test/session";
import { type Backend, MEMBER_PASSWORD, ROLE_EMAILS, startBackend, testBackends } from "./support/backends";
import { type AppRoute, discoverAppRoutes } from "./support/routes";

/**
 * A bounded, seeded fuzz run over every route handler and page in app/ (discovered from the tree), as an
 * attacker or a careless script would call them: mutated query strings, bodies and headers, hostile path
 * segments, dates at the ends of the calendar. Whatever comes in: no 5xx, every /api error in the contract's
 * shape, every answer within a time bound, and health still answering afterwards.
 * FUZZ_SEED and FUZZ_SCALE (default 1) change the run; a failure prints the request that caused it.
 */
const SEED = Number(process.env.FUZZ_SEED ?? 20261204);
const SCALE = Number(process.env.FUZZ_SCALE ?? 1);
const QUERY_REQUESTS_PER_METHOD = Math.round(100 * SCALE);
/** Methods with a body get more: the body is where most of the input is. */
const BODY_REQUESTS_PER_METHOD = Math.round(300 * SCALE);
const PAGE_REQUESTS_PER_PAGE = Math.round(12 * SCALE);
const CONCURRENCY = 6;
/** Generous for a loaded 2-core CI machine; a hang or a runaway loop blows far past it. */
const RESPONSE_BOUND_MS = 15_000;

const PARAMS = [
  "from",
  "to",
  "month",
  "week",
  "group_by",
  "interval",
  "limit",
  "cursor",
  "format",
  "granularity",
  "since",
  "state",
  "repo",
  "days",
  "active",
  "team",
  "model",
  "provider",
  "user",
  "customer",
  "feature",
  "workflow",
  "tool",
  "surface",
  "environment",
  "billable",
  "pr",
  "session",
  "measure",
  "source",
  "include",
  "next",
  "q",
  "sort",
];
const EDGE_VALUES = [
  "0001-01-01",
  "0000-01-01",
  "9999-12-31",
  "9999-12-01",
  "+010000-01-01",
  "2026-02-30",
  "2026-13-01",
  "2026-11-01",
  "0001-01",
  "0000-12",
  "9999-12",
  "2026-11",
  "2026-00",
  "9999-W52",
  "0001-W01",
  "2026-W53",
  "2026-W47",
  "2020-W53",
  "",
  "0",
  "-1",
  "1",
  "2147483648",
  "1e309",
  "NaN",
  "Infinity",
  "true",
  "false",
  "null",
  "[]",
  "{}",
  "day",
  "week",
  "month",
  "none",
  "csv",
  "focus",
  "event",
  "merged",
  "session",
  "model,team,user",
  "session,user,model,team",
  "//evil.example/x",
  "/%09/evil.example",
  "javascript:alert(1)",
  "<script>alert(1)</script>",
  "' or 1=1 --",
  "%",
  "%ff",
  "%zz",
];
/** Path segments for `[param]` parts: malformed encodings, traversal, NUL, huge. */
const SEGMENTS = [
  "%ff",
  "%",
  "%E0%A4%A",
  "..",
  "%2e%2e",
  "%00",
  "%ED%A0%80",
  "a%2Fb",
  "x".repeat(3000),
  "00000000-0000-0000-0000-000000000000",
  "1",
  "-1",
  "%F0%9F%99%82",
];
const METHOD_NOISE = ["TRACE", "PUT", "PATCH", "OPTIONS", "HEAD", "PROPFIND", "FOO"];
const CONTENT_TYPES = [
  "application/json",
  "application/json; charset=utf-8",
  "text/plain",
  "application/x-protobuf",
  "application/x-www-form-urlencoded",
  "multipart/form-data; boundary=x",
  "application/json; charset=latin1",
  "",
  "*/*",
];

/** Any UTF-16 code unit, lone surrogates and NUL included. */
const codeUnits = fc.string({ unit: fc.integer({ min: 0, max: 0xffff }).map((c) => String.fromCharCode(c)), maxLength: 40 });
const hostileString = fc.oneof(
  { weight: 4, arbitrary: fc.constantFrom(...EDGE_VALUES) },
  { weight: 2, arbitrary: codeUnits },
  { weight: 1, arbitrary: fc.constantFrom("\ud800", "\udfff", "a\u0000b", "\u202e", "x".repeat(70_000)) },
  { weight: 1, arbitrary: fc.integer().map(String) },
  { weight: 1, arbitrary: fc.double().map(String) },
);

/** Percent-encodes every code unit byte-wise (a lone surrogate as its WTF-8 bytes), so any string fits a URL. */
function encode(s: string): string {
  let out = "";
  for (const ch of s) {
    const code = ch.codePointAt(0) as number;
    if (/[A-Za-z0-9\-_.~]/.test(ch)) out += ch;
    else if (code >= 0xd800 && code <= 0xdfff)
      out += `%${(0xe0 | (code >> 12)).toString(16)}%${(0x80 | ((code >> 6) & 0x3f)).toString(16)}%${(0x80 | (code & 0x3f)).toString(16)}`;
    else out += [...Buffer.from(ch, "utf8")].map((b) => `%${b.toString(16).padStart(2, "0")}`).join("");
  }
  return out;
}

const queryString = fc
  .array(
    fc.tuple(
      fc.oneof({ weight: 5, arbitrary: fc.constantFrom(...PARAMS) }, { weight: 1, arbitrary: codeUnits }),
      hostileString,
      fc.constantFrom("ok", "ok", "ok", "raw"),
    ),
    { maxLength: 6 },
  )
  .map((pairs) =>
    pairs.length === 0
      ? ""
      : `?${pairs.map(([k, v, how]) => `${encode(k)}=${how === "raw" && /^[\x21-\x7e]{0,20}$/.test(v) ? v.replace(/[#&]/g, "") : encode(v)}`).join("&")}`,
  );

/** Valid bodies to mutate from, per route; anything else starts from `{}`. */
function seedBody(path: string): unknown {
  if (path === "/api/v1/events") return { events: [makeEvent(), makeEvent({ tags: { k: "v" } })] };
  if (path.startsWith("/api/v1/budgets")) {
    return { name: "fuzz", amount_usd: "10", period: "month", filters: { team: "platform" }, thresholds: [50, 100] };
  }
  if (path === "/api/v1/people") {
    return { name: "Fuzz", email: "fuzz@example.dev", team: "platform", aliases: [{ kind: "github_login", value: "fuzz" }] };
  }
  if (path === "/api/v1/people/[id]") return { name: "Fuzz", team: "platform", left_on: "2026-11-30" };
  if (path === "/api/v1/people/[id]/aliases") return { kind: "other:slack", value: "fuzz" };
  if (path === "/api/v1/plans" || path === "/api/v1/plans/[id]") {
    return { name: "Fuzz plan", vendor: "anthropic", tool: "Claude Code", seats: 3, fee_per_seat_usd: "30", starts_on: "2026-11-01" };
  }
  if (path.startsWith("/api/v1/otlp/")) {
    return { resourceLogs: [{ resource: { attributes: [] }, scopeLogs: [{ logRecords: [{ timeUnixNano: "1", attributes: [] }] }] }] };
  }
  return {};
}

const jsonLeaf = fc.oneof(
  hostileString,
  fc.constantFrom(null, true, false, 0, -1, 1e308, -0, 2 ** 53 + 1, 1.5, [], {}),
  fc.integer(),
  fc.double({ noNaN: true, noDefaultInfinity: true }),
);

type Mutation = (body: unknown) => unknown;
const mutation: fc.Arbitrary<Mutation> = fc.oneof(
  jsonLeaf.map((v) => () => v),
  fc.jsonValue({ maxDepth: 3 }).map((v) => () => v),
  fc.tuple(fc.nat(), jsonLeaf).map(
    ([pick, v]) =>
      (body: unknown) =>
        setRandomPath(body, pick, v),
  ),
  fc.tuple(fc.nat(), codeUnits, jsonLeaf).map(
    ([pick, key, v]) =>
      (body: unknown) =>
        setRandomPath(body, pick, v, key),
  ),
  fc.constant((body: unknown) => ({ events: Array.from({ length: 1001 }, () => (body as { events?: unknown[] }).events?.[0] ?? {}) })),
  fc.constant((body: unknown) => [body, body]),
);

/** Replaces (or, with `newKey`, adds) a value at a path chosen by `pick` among the body's object/array slots. */
function setRandomPath(body: unknown, pick: number, value: unknown, newKey?: string): unknown {
  const copy = structuredClone(body);
  const slots: { parent: Record<string, unknown> | unknown[]; key: string | number }[] = [];
  const walk = (node: unknown) => {
    if (Array.isArray(node)) {
      for (const [i, child] of node.entries()) {
        slots.push({ parent: node, key: i });
        walk(child);
      }
    } else if (node && typeof node === "object") {
      for (const [k, child] of Object.entries(node)) {
        slots.push({ parent: node as Record<string, unknown>, key: k });
        walk(child);
      }
    }
  };
  walk(copy);
  const slot = slots[pick % Math.max(1, slots.length)];
  if (!slot) return value;
  const key = newKey !== undefined && !Array.isArray(slot.parent) ? newKey : slot.key;
  (slot.parent as Record<string | number, unknown>)[key] = value;
  return copy;
}

interface FuzzRequest {
  method: string;
  url: string;
  headers: Record<string, string>;
  body?: Buffer;
  /** What a systematic case changed, for the failure message. */
  note?: string;
}

function fillSegments(path: string, segment: string): string {
  return path.replace(/\[\[?\.{0,3}[^\]]+\]\]?/g, segment);
}

type BodyKind = { kind: "json"; mutate?: Mutation } | { kind: "text"; text: string } | { kind: "bytes"; bytes: Uint8Array };
const bodyKind: fc.Arbitrary<BodyKind> = fc.oneof(
  { weight: 8, arbitrary: fc.option(mutation, { nil: undefined, freq: 6 }).map((mutate) => ({ kind: "json" as const, mutate })) },
  {
    weight: 1,
    arbitrary: fc
      .oneof(codeUnits, fc.constantFrom("{", "[1,2", '{"events":', "\u0000", "null"))
      .map((text) => ({ kind: "text" as const, text })),
  },
  { weight: 1, arbitrary: fc.uint8Array({ maxLength: 64 }).map((bytes) => ({ kind: "bytes" as const, bytes })) },
);

function apiRequests(route: AppRoute, method: string, auth: Record<string, string>): FuzzRequest[] {
  const arb = fc.record({
    query: queryString,
    segment: fc.constantFrom(...SEGMENTS),
    body: bodyKind,
    contentType: fc.oneof(
      { weight: 6, arbitrary: fc.constant("application/json") },
      { weight: 2, arbitrary: fc.constantFrom(...CONTENT_TYPES) },
    ),
    methodNoise: fc.oneof({ weight: 9, arbitrary: fc.constant(undefined) }, { weight: 1, arbitrary: fc.constantFrom(...METHOD_NOISE) }),
    bigHeader: fc.integer({ min: 0, max: 19 }).map((n) => n === 0),
    authMode: fc.constantFrom("key", "key", "key", "key", "none", "garbage"),
  });
  return fc
    .sample(arb, {
      seed: SEED + hash(route.path + method),
      numRuns: method === "GET" || method === "HEAD" ? QUERY_REQUESTS_PER_METHOD : BODY_REQUESTS_PER_METHOD,
    })
    .map((r) => {
      const headers: Record<string, string> = { origin: "http://fuzz.invalid" };
      if (r.authMode === "key") Object.assign(headers, auth);
      if (r.authMode === "garbage") headers.authorization = "Bearer br_\u00ff\u00fe";
      if (r.bigHeader) headers["x-fuzz"] = "y".repeat(20_000);
      let body: Buffer | undefined;
      if (method !== "GET" && method !== "HEAD") {
        if (r.contentType) headers["content-type"] = r.contentType;
        const b = r.body;
        body =
          b.kind === "bytes"
            ? Buffer.from(b.bytes)
            : Buffer.from(
                b.kind === "text" ? b.text : (JSON.stringify(b.mutate ? b.mutate(seedBody(route.path)) : seedBody(route.path)) ?? ""),
                "utf8",
              );
      }
      const sent = r.methodNoise ?? method;
      // Node's client writes a HEAD request's body with no length (a malformed stream the server rightly refuses).
      return { method: sent, url: fillSegments(route.path, r.segment) + r.query, headers, body: sent === "HEAD" ? undefined : body };
    });
}

const SWEEP_VALUES: unknown[] = ["\ud800", "\udfff", "a\u0000b", "x".repeat(70_000), null, -1, 1e308, 2 ** 53, "", [], {}];
const SWEEP_KEYS = ["\u0000", "\ud800", "__proto__", "constructor"];

/** Every slot of the route's valid body set to each hostile value, and each hostile key added beside it: systematic, not sampled. */
function sweepRequests(route: AppRoute, method: string, auth: Record<string, string>): FuzzRequest[] {
  const seed = seedBody(route.path);
  if (method === "GET" || method === "HEAD" || JSON.stringify(seed) === "{}") return [];
  const slots = countSlots(seed);
  const bodies: { body: unknown; note: string }[] = [];
  for (let i = 0; i < slots; i++) {
    for (const v of SWEEP_VALUES) bodies.push({ body: setRandomPath(seed, i, v), note: `slot ${i} = ${JSON.stringify(v)?.slice(0, 20)}` });
    for (const k of SWEEP_KEYS) bodies.push({ body: setRandomPath(seed, i, "v", k), note: `key ${JSON.stringify(k)} beside slot ${i}` });
  }
  return bodies.map(({ body, note }) => ({
    note,
    method,
    url: fillSegments(route.path, "00000000-0000-0000-0000-000000000000"),
    headers: { ...auth, origin: "http://fuzz.invalid", "content-type": "application/json" },
    body: Buffer.from(JSON.stringify(body), "utf8"),
  }));
}

function countSlots(node: unknown): number {
  if (Array.isArray(node)) return node.reduce((n: number, child) => n + 1 + countSlots(child), 0);
  if (node && typeof node === "object") return Object.values(node).reduce((n: number, child) => n + 1 + countSlots(child), 0);
  return 0;
}

function pageRequests(route: AppRoute, cookie: string): FuzzRequest[] {
  const arb = fc.record({ query: queryString, segment: fc.constantFrom(...SEGMENTS) });
  return fc
    .sample(arb, { seed: SEED + hash(route.path), numRuns: PAGE_REQUESTS_PER_PAGE })
    .map((r) => ({ method: "GET", url: fillSegments(route.path, r.segment) + r.query, headers: { cookie } }));
}

function hash(s: string): number {
  let h = 0;
  for (const ch of s) h = (h * 31 + (ch.codePointAt(0) as number)) | 0;
  return Math.abs(h);
}

interface Outcome {
  request: FuzzRequest;
  status: number;
  ms: number;
  problem?: string;
}

/** Raw HTTP (fetch refuses methods such as TRACE and rewrites paths): the request goes out exactly as built. */
async function send(base: string, r: FuzzRequest): Promise<Outcome> {
  const started = Date.now();
  const { hostname, port } = new URL(base);
  return new Promise<Outcome>((resolve) => {
    const req = http.request({ host: hostname, port, method: r.method, path: r.url, headers: r.headers }, (res) => {
      const chunks: Buffer[] = [];
      res.on("data", (c: Buffer) => chunks.push(c));
      res.on("end", () => {
        const text = Buffer.concat(chunks).toString("utf8");
        const status = res.statusCode ?? 0;
        resolve({
          request: r,
          status,
          ms: Date.now() - started,
          problem: judge(r, status, String(res.headers["content-type"] ?? ""), text),
        });
      });
      res.on("error", (err) =>
        resolve({ request: r, status: res.statusCode ?? 0, ms: Date.now() - started, problem: `response broke: ${err.message}` }),
      );
    });
    req.setTimeout(RESPONSE_BOUND_MS, () => req.destroy(new Error(`no answer within ${RESPONSE_BOUND_MS} ms`)));
    req.on("error", (err) => resolve({ request: r, status: 0, ms: Date.now() - started, problem: err.message }));
    req.end(r.body);
  });
}

/** What is wrong with an answer, if anything. */
function judge(r: FuzzRequest, status: number, contentType: string, text: string): string | undefined {
  const path = r.url.split("?")[0] ?? "";
  if (status >= 500) {
    // The cron endpoint is off on this server by design (CRON_SECRET unset): 503 `disabled` (DESIGN §3.8).
    const disabled = status === 503 && /"code":"disabled"/.test(text);
    if (!disabled) return `status ${status}: ${text.slice(0, 200)}`;
  }
  const isApi = path.startsWith("/api/") && !path.startsWith("/api/auth/");
  // OTLP/HTTP answers a protobuf request's error as a protobuf google.rpc.Status (the OTLP spec), not JSON.
  const otlpProtobuf = path.startsWith("/api/v1/otlp/") && contentType.startsWith("application/x-protobuf");
  if (isApi && status >= 400 && r.method !== "HEAD" && !otlpProtobuf) {
    try {
      const body = JSON.parse(text) as { error?: { code?: unknown; message?: unknown } };
      if (typeof body.error?.code !== "string" || typeof body.error?.message !== "string")
        return `error not in the contract's shape: ${text.slice(0, 200)}`;
    } catch {
      return `error body is not JSON (${status} ${contentType}): ${text.slice(0, 120)}`;
    }
  }
  return undefined;
}

async function runAll(base: string, requests: FuzzRequest[]): Promise<Outcome[]> {
  const out: Outcome[] = [];
  let next = 0;
  await Promise.all(
    Array.from({ length: CONCURRENCY }, async () => {
      while (next < requests.length) {
        const r = requests[next++] as FuzzRequest;
        out.push(await send(base, r));
      }
    }),
  );
  return out;
}

/** One line for the log: how many requests, by status class, and the slowest answer. */
function report(what: string, outcomes: Outcome[]): void {
  const byClass = new Map<string, number>();
  for (const o of outcomes) byClass.set(`${Math.floor(o.status / 100)}xx`, (byClass.get(`${Math.floor(o.status / 100)}xx`) ?? 0) + 1);
  const slowest = Math.max(0, ...outcomes.map((o) => o.ms));
  console.log(
    `fuzz (seed ${SEED}): ${outcomes.length} ${what} requests, ${[...byClass].map(([k, n]) => `${k} ${n}`).join(", ")}, slowest ${slowest} ms`,
  );
}

function describeFailures(outcomes: Outcome[]): string[] {
  return outcomes
    .filter((o) => o.problem)
    .map(
      (o) =>
        `${o.request.method} ${o.request.url.slice(0, 160)} [${Object.keys(o.request.headers).join(",")}]${o.request.note ? ` (${o.request.note})` : ""} → ${o.problem}`,
    );
}

// One backend is enough: the fuzz run is about the HTTP layer; real PostgreSQL when CI provides it.
const kind = testBackends().includes("postgres") ? "postgres" : "pglite";

describe(`fuzz: every route and page, hostile input [${kind}]`, () => {
  let b: Backend;
  let cookie: string;
  const routes = discoverAppRoutes();

  beforeAll(async () => {
    b = await startBackend(kind);
    cookie = (await signInOverHttp(b.server.url, ROLE_EMAILS.admin, MEMBER_PASSWORD)).cookie;
    const seeded = await fetch(`${b.server.url}/api/v1/events`, {
      method: "POST",
      headers: { authorization: `Bearer ${b.keys.ingest}`, "content-type": "application/json" },
      body: JSON.stringify({ events: Array.from({ length: 50 }, (_, i) => makeEvent({ session: `s-${i % 5}`, user: `u${i % 3}@x.dev` })) }),
    });
    expect(seeded.status).toBe(200);
  });
  afterAll(async () => {
    await b?.close();
  });

  it("finds every route handler and page, with their methods", () => {
    expect(routes.filter((r) => r.kind === "route").length).toBeGreaterThanOrEqual(15);
    expect(routes.filter((r) => r.kind === "page").length).toBeGreaterThanOrEqual(20);
    for (const r of routes.filter((x) => x.kind === "route")) expect(r.methods.length, r.path).toBeGreaterThan(0);
  });

  it("API routes: no 5xx, errors in the contract's shape, every answer in time", async () => {
    const admin = { authorization: `Bearer ${b.keys.admin}` };
    const requests = routes
      .filter((r) => r.kind === "route")
      .flatMap((r) => r.methods.flatMap((m) => [...apiRequests(r, m, admin), ...sweepRequests(r, m, admin)]));
    const outcomes = await runAll(b.server.url, requests);
    report("API", outcomes);
    expect(outcomes).toHaveLength(requests.length);
    expect(describeFailures(outcomes)).toEqual([]);
  }, 600_000);

  it("pages: no 5xx and every answer in time, for a signed-in admin", async () => {
    const requests = routes.filter((r) => r.kind === "page").flatMap((r) => pageRequests(r, cookie));
    const outcomes = await runAll(b.server.url, requests);
    report("page", outcomes);
    expect(outcomes).toHaveLength(requests.length);
    expect(describeFailures(outcomes)).toEqual([]);
  }, 600_000);

  it("health still answers afterwards", async () => {
    const res = await fetch(`${b.server.url}/api/health`, { signal: AbortSignal.timeout(5_000) });
    expect(res.status).toBe(200);
    expect(await res.json()).toMatchObject({ status: "ok", database: "ok" });
  });
});
