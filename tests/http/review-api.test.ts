import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { isoWeekOf } from "@/lib/dates/weeks";
import { makeEvent } from "@/scripts/test/events";
import { type Backend, startBackend, testBackends } from "./support/backends";

for (const kind of testBackends()) {
  describe(`GET /api/v1/review over HTTP [${kind}]`, () => {
    let b: Backend;
    beforeAll(async () => {
      // The review reads what the fold stored: folded every second here (one evaluation interval).
      b = await startBackend(kind, { BURNRATE_EVAL_INTERVAL_SECONDS: "1" });
    });
    afterAll(async () => {
      await b?.close();
    });
    const get = (path: string, key: string | null = b.keys.read) =>
      fetch(`${b.server.url}${path}`, { headers: key ? { authorization: `Bearer ${key}` } : {} });

    it("answers the contract's shape for a week, most expensive first, and defaults to last week", async () => {
      const res = await fetch(`${b.server.url}/api/v1/events`, {
        method: "POST",
        headers: { authorization: `Bearer ${b.keys.ingest}`, "content-type": "application/json" },
        body: JSON.stringify({
          events: [
            makeEvent({
              id: "r-1",
              timestamp: "2026-01-13T10:00:00Z",
              cost_usd: "0.5",
              feature: "chat",
              session: "s-1",
              user: "dev@example.com",
              repo: "acme/api",
              input_tokens: 120_000,
            }),
            makeEvent({ id: "r-2", timestamp: "2026-01-14T10:00:00Z", cost_usd: "0.2", feature: "chat", session: "s-1" }),
          ],
        }),
      });
      expect(await res.json()).toMatchObject({ accepted: 2 });

      // Within one evaluation interval, the week holds both calls and their session.
      await expect.poll(async () => (await (await get("/api/v1/review?week=2026-W03")).json()).items?.length, { timeout: 20_000 }).toBe(3);
      const week = await get("/api/v1/review?week=2026-W03");
      expect(week.status).toBe(200);
      const body = await week.json();
      expect(body.week).toBe("2026-W03");
      expect(body.items.map((i: { kind: string; id: string; cost_usd: string }) => [i.kind, i.id, i.cost_usd])).toEqual([
        ["session", "s-1", "0.7000000000"],
        ["request", "r-1", "0.5000000000"],
        ["request", "r-2", "0.2000000000"],
      ]);
      expect(body.items[1]).toEqual({
        kind: "request",
        id: "r-1",
        cost_usd: "0.5000000000",
        list_cost_usd: "0.5000000000",
        effective_cost_usd: "0.5000000000",
        model: "gpt-4.1-mini",
        feature: "chat",
        session: "s-1",
        user: "dev@example.com",
        person: null,
        repo: "acme/api",
        reasons: ["huge context: 120,000 input tokens"],
        status: "open",
        tags: [],
        note: null,
        owner: null,
        marked_by: null,
        marked_at: null,
      });

      const latest = await (await get("/api/v1/review")).json();
      expect(latest.week).toBe(isoWeekOf(new Date(Date.now() - 7 * 86_400_000)));
    });

    it("refuses a malformed week or an unknown parameter with 400 invalid_query, naming each", async () => {
      const res = await get("/api/v1/review?week=2026-47&top=5");
      expect(res.status).toBe(400);
      expect(await res.json()).toEqual({
        error: {
          code: "invalid_query",
          message: expect.any(String),
          details: [
            { path: "top", message: "is not a known parameter" },
            { path: "week", message: "must be an ISO week as YYYY-Www, e.g. 2026-W47" },
          ],
        },
      });
      expect((await get("/api/v1/review?week=2025-W53")).status).toBe(400);
      expect((await get("/api/v1/review", b.keys.ingest)).status).toBe(403);
      expect((await get("/api/v1/review", null)).status).toBe(401);
    });
  });
}
