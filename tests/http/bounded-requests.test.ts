import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { makeEvent } from "@/scripts/test/events";
import { signInOverHttp } from "@/scripts/test/session";
import { type Backend, MEMBER_PASSWORD, ROLE_EMAILS, startBackend, testBackends } from "./support/backends";

/** Every answer here must come within this bound (the query deadline is 2 s in these servers). */
const ANSWER_WITHIN_MS = 15_000;

for (const kind of testBackends()) {
  describe(`bounded work per request [${kind}]`, () => {
    let b: Backend;
    let cookie: string;
    beforeAll(async () => {
      b = await startBackend(kind, { BURNRATE_QUERY_TIMEOUT_SECONDS: "2" });
      cookie = (await signInOverHttp(b.server.url, ROLE_EMAILS.admin, MEMBER_PASSWORD)).cookie;
    });
    afterAll(async () => {
      await b?.close();
    });
    const get = (path: string, headers: Record<string, string> = { authorization: `Bearer ${b.keys.admin}` }) =>
      fetch(`${b.server.url}${path}`, { headers, redirect: "manual", signal: AbortSignal.timeout(ANSWER_WITHIN_MS) });
    const page = (path: string) => get(path, { cookie });
    const errorOf = async (res: Response) => ({ status: res.status, ...((await res.json()) as { error: object }).error });

    it("answers the year-9999 Spend explorer at once with an explanation instead of walking past year 9999", async () => {
      const res = await page("/spend?from=9999-12-01&to=9999-12-31");
      expect(res.status).toBe(200);
      const html = await res.text();
      expect(html).toContain("This link asks for a view that does not exist.");
      expect(html).toMatch(/must be in the years 2000.2099/);
      expect((await get("/api/health")).status).toBe(200);
    });

    it.each([
      ["/api/v1/spend?from=9999-12-01&to=9999-12-31", "from"],
      ["/api/v1/spend?from=0000-01-01", "from"],
      ["/api/v1/spend?from=2000-01-01&to=2001-06-30&interval=day", "from"],
      ["/api/v1/spend?limit=100000", "limit"],
      ["/api/v1/spend?cursor=bm90LWEtY3Vyc29y", "cursor"],
      ["/api/v1/pull-requests?from=0000-01-01&to=2026-01-31", "from"],
      ["/api/v1/reconciliation?from=0001-01-01&to=0001-01-31", "from"],
      ["/api/v1/export?month=9999-12&format=csv", "month"],
      ["/api/v1/customers/acme/usage?month=9999-12", "month"],
      ["/api/v1/customers/usage.csv?month=0000-01", "month"],
      ["/api/v1/review?week=9999-W52", "week"],
      ["/api/v1/alerts?since=0000-01-01T00:00:00Z", "since"],
      ["/api/v1/people/unmapped?days=100000", "days"],
    ])("GET %s is a 400 invalid_query naming %s", async (path, param) => {
      const res = await get(path);
      expect(await errorOf(res)).toMatchObject({
        status: 400,
        code: "invalid_query",
        details: expect.arrayContaining([expect.objectContaining({ path: param })]),
      });
    });

    it("names the interval's limit when the range is too long for it", async () => {
      const body = await (await get("/api/v1/spend?from=2000-01-01&to=2026-01-31&interval=day")).json();
      expect(body.error.details).toEqual([{ path: "from", message: expect.stringContaining("more than 366 days at interval=day") }]);
    });

    it.each([
      ["/reconciliation?month=0001-01", "Reconciliation"],
      ["/export?month=9999-12", "Export"],
      ["/customers?month=0000-12", "Customers"],
      ["/surfaces?month=9999-12", "Surfaces"],
      ["/review?week=9999-W52", "Weekly review"],
      ["/pull-requests?from=0000-01-01", "Pull requests"],
      ["/spend?from=0001-01-01&interval=day", "Spend explorer"],
    ])("the page %s shows its invalid-link view, not a 500", async (path, title) => {
      const res = await page(path);
      expect(res.status).toBe(200);
      const html = await res.text();
      expect(html).toContain(title);
      expect(html).toContain("This link asks for a view that does not exist.");
    });

    it("pages /api/v1/spend rows with limit and cursor: the pages are the whole result, the totals exact on each", async () => {
      const events = Array.from({ length: 40 }, (_, i) =>
        makeEvent({ id: `b-${i}`, timestamp: `2026-01-0${1 + (i % 5)}T10:00:00Z`, session: `s-${i % 17}`, cost_usd: String(i % 3) }),
      );
      const ingest = await fetch(`${b.server.url}/api/v1/events`, {
        method: "POST",
        headers: { authorization: `Bearer ${b.keys.ingest}`, "content-type": "application/json" },
        body: JSON.stringify({ events }),
      });
      expect((await ingest.json()).accepted).toBe(40);
      const query = "from=2026-01-01&to=2026-01-31&group_by=session&interval=day";
      const full = await (await get(`/api/v1/spend?${query}`)).json();
      expect(full).toMatchObject({ truncated: false, limit: 1000, next_cursor: null, totals: { requests: 40 } });
      const rows: unknown[] = [];
      let cursor: string | null = null;
      let pages = 0;
      do {
        const res = await get(`/api/v1/spend?${query}&limit=6${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ""}`);
        const body = await res.json();
        expect(body.totals).toEqual(full.totals);
        expect(body.limit).toBe(6);
        expect(body.truncated).toBe(body.next_cursor !== null);
        rows.push(...body.rows);
        cursor = body.next_cursor;
        pages++;
      } while (cursor !== null);
      expect(rows).toEqual(full.rows);
      expect(pages).toBe(Math.ceil(full.rows.length / 6));
    });

    if (kind === "postgres") {
      it("answers 503 database_unavailable with Retry-After within the query deadline while the database hangs, then recovers", async () => {
        b.proxy?.freeze();
        try {
          const res = await get("/api/v1/spend?group_by=team");
          expect(res.headers.get("retry-after")).toBe("2");
          expect(await errorOf(res)).toMatchObject({ status: 503, code: "database_unavailable" });
        } finally {
          b.proxy?.thaw();
        }
        expect((await get("/api/v1/spend?group_by=team")).status).toBe(200);
      });
    }
  });
}
