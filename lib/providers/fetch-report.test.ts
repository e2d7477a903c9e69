import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { fetchReport, MAX_PAGE_BYTES, MAX_REPORT_PAGES, ProviderError, type RetryPolicy, reportPages } from "./fetch-report";

let server: Server;
let base = "";
let hits = 0;

beforeAll(async () => {
  server = createServer((req, res) => {
    hits++;
    const url = new URL(req.url ?? "/", "http://x");
    const page = Number(url.searchParams.get("page") ?? 0);
    res.setHeader("content-type", "application/json");
    if (url.pathname === "/redirect") res.writeHead(307, { location: "http://169.254.169.254/latest/meta-data/" }).end();
    else if (url.pathname === "/huge") res.end(`{"data":"${"x".repeat(MAX_PAGE_BYTES)}"}`);
    else if (url.pathname === "/endless") res.end(JSON.stringify({ data: [], has_more: true, next_page: String(page + 1) }));
    else if (url.pathname === "/stuck") res.end(JSON.stringify({ data: [], has_more: true, next_page: "same" }));
    else res.end(JSON.stringify({ data: [], has_more: false }));
  });
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(() => new Promise<void>((r) => server.close(() => r())));

const POLICY: RetryPolicy = { attempts: 3, baseDelayMs: 1, maxDelayMs: 1, timeoutMs: 5000, sleep: async () => {} };

async function walk(path: string): Promise<number> {
  let n = 0;
  for await (const _ of reportPages(`${base}${path}`, [], {}, POLICY, true)) n++;
  return n;
}

describe("provider report fetches", () => {
  it("a base URL on a private address is refused unless trusted (the environment's), without retries", async () => {
    const before = hits;
    await expect(fetchReport(`${base}/ok`, {}, POLICY)).rejects.toThrow(/refused: 127\.0\.0\.1 is a loopback address/);
    expect(hits).toBe(before);
    await expect(fetchReport(`${base}/ok`, {}, POLICY, true)).resolves.toEqual({ data: [], has_more: false });
  });

  it("a redirect fails the run at once, never followed", async () => {
    const before = hits;
    const err = (await fetchReport(`${base}/redirect`, {}, POLICY, true).catch((e: unknown) => e)) as Error;
    expect(err).toBeInstanceOf(ProviderError);
    expect(err.message).toMatch(/redirect \(HTTP 307\)/);
    expect(hits - before).toBe(1);
  });

  it("a page over the size cap fails the run", async () => {
    await expect(fetchReport(`${base}/huge`, {}, POLICY, true)).rejects.toThrow(/larger than 33554432 bytes/);
  });

  it("a walk stops with an error after the page cap, or when the cursor repeats", async () => {
    await expect(walk("/endless")).rejects.toThrow(new RegExp(`Stopped after ${MAX_REPORT_PAGES} pages of /endless`));
    await expect(walk("/stuck")).rejects.toThrow(/same next_page twice/);
    expect(await walk("/ok")).toBe(1);
  });
});
