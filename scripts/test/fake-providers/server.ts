import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";

/** What the next matching request gets instead of an answer. */
export type Fault = { path?: string } & (
  | { status: 429; retryAfter?: number }
  | { status: 500 | 502 | 503 }
  | { status: 401 }
  | { hang: true }
);

export interface FakeServer {
  url: string;
  /** Every request's path and query, in arrival order. */
  requests: string[];
  /** Faults consumed one per matching request, in order. */
  faults: Fault[];
  close: () => Promise<void>;
}

export interface Answer {
  status: number;
  body: unknown;
  headers?: Record<string, string>;
  /** The body is text sent as it is (an NDJSON report), not JSON. */
  raw?: boolean;
}

/** `body`: the request body as text ('' for a GET), for the APIs that read with POST (Cursor). */
export type Handler = (url: URL, req: IncomingMessage, body: string) => Answer;

/** A real HTTP server on a free loopback port that answers with `handle` unless a queued fault applies. */
export async function startFake(
  handle: Handler,
  opts: {
    authorized: (req: IncomingMessage) => boolean;
    error: (status: number, type: string, message: string) => unknown;
    port?: number;
    /** The status a rejected key gets (401; GitHub answers a token without the scope 403). */
    rejectStatus?: 401 | 403;
  },
): Promise<FakeServer> {
  const requests: string[] = [];
  const faults: Fault[] = [];
  const hung = new Set<ServerResponse>();
  const server = createServer(async (req, res) => {
    const chunks: Buffer[] = [];
    for await (const c of req) chunks.push(c as Buffer);
    const body = Buffer.concat(chunks).toString("utf8");
    const url = new URL(req.url ?? "/", "http://fake");
    requests.push(`${url.pathname}${url.search}`);
    const send = (a: Answer) => {
      if (a.status === 204) return res.writeHead(204, a.headers).end();
      const type = a.raw ? "application/x-ndjson" : "application/json";
      res.writeHead(a.status, { "content-type": type, ...a.headers }).end(a.raw ? String(a.body) : JSON.stringify(a.body));
    };
    const i = faults.findIndex((f) => !f.path || url.pathname.includes(f.path));
    const fault = i >= 0 ? faults.splice(i, 1)[0] : undefined;
    if (fault && "hang" in fault) {
      hung.add(res);
      return;
    }
    if (fault?.status === 429) {
      const headers: Record<string, string> = fault.retryAfter === undefined ? {} : { "retry-after": String(fault.retryAfter) };
      return send({ status: 429, body: opts.error(429, "rate_limit_error", "Rate limit exceeded"), headers });
    }
    if (fault?.status === 401 || !opts.authorized(req)) {
      const status = fault?.status ?? opts.rejectStatus ?? 401;
      return send({ status, body: opts.error(status, "authentication_error", "Invalid admin key") });
    }
    if (fault) return send({ status: fault.status, body: opts.error(fault.status, "api_error", "Internal server error") });
    try {
      send(handle(url, req, body));
    } catch (err) {
      send({ status: 400, body: opts.error(400, "invalid_request_error", (err as Error).message) });
    }
  });
  await new Promise<void>((resolve) => server.listen(opts.port ?? 0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    faults,
    close: () =>
      new Promise((resolve) => {
        for (const r of hung) r.destroy();
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/** Repeated keys, bracket keys and comma lists all name array values (specs: accept every form). */
export function arrayParam(url: URL, name: string): string[] {
  return [...url.searchParams.getAll(name), ...url.searchParams.getAll(`${name}[]`)].flatMap((v) => v.split(",")).filter(Boolean);
}

const WIDTH = { "1m": 60, "1h": 3600, "1d": 86_400 } as const;
const LIMITS = { "1m": [60, 1440], "1h": [24, 168], "1d": [7, 31] } as const;

/**
 * The buckets of [start, end): aligned to the width in UTC, the first one partial when `start` is not aligned
 * (both specs), then one page of them from the cursor.
 */
export function bucketPage(
  start: number,
  end: number,
  width: string,
  limitParam: string | null,
  cursor: string | null,
  limits: { default: number; max: number } | null = null,
): { buckets: [number, number][]; nextPage: string | null } {
  if (!(width in WIDTH)) throw new Error(`bucket_width must be one of 1m, 1h, 1d`);
  const w = WIDTH[width as keyof typeof WIDTH];
  const [def, max] = limits ? [limits.default, limits.max] : LIMITS[width as keyof typeof LIMITS];
  const limit = limitParam === null ? def : Number(limitParam);
  if (!Number.isInteger(limit) || limit < 1 || limit > max) throw new Error(`limit must be between 1 and ${max}`);
  let from = start;
  if (cursor) {
    const decoded = Number(Buffer.from(cursor.replace(/^page_/, ""), "base64").toString("utf8"));
    if (!Number.isFinite(decoded)) throw new Error("invalid page cursor");
    from = decoded;
  }
  const buckets: [number, number][] = [];
  let s = from;
  while (s < end && buckets.length < limit) {
    const e = Math.min(end, (Math.floor(s / w) + 1) * w);
    buckets.push([s, e]);
    s = e;
  }
  return { buckets, nextPage: s < end ? `page_${Buffer.from(String(s)).toString("base64")}` : null };
}
