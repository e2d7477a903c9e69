import Big from "big.js";
import { parse } from "csv-parse/sync";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { makeEvent } from "@/scripts/test/events";
import { type Backend, startBackend, testBackends } from "./support/backends";

const TEAMS = ["platform", "growth", 'a,b "c"', "=cmd|' /C calc'!A0", "日本語チーム"];

for (const kind of testBackends()) {
  describe(`GET /api/v1/export over HTTP [${kind}]`, () => {
    let b: Backend;
    beforeAll(async () => {
      b = await startBackend(kind);
      const events = Array.from({ length: 3000 }, (_, i) =>
        makeEvent({
          id: `exp-${i}`,
          timestamp: new Date(Date.UTC(2026, 8, 28) + i * 15 * 60_000).toISOString(), // every 15 min from 28 Sep to 29 Oct
          team: TEAMS[i % TEAMS.length],
          model: i % 3 === 0 ? "gpt-4.1" : "gpt-4.1-mini",
          cost_usd: i % 7 === 0 ? undefined : `0.${String(i).padStart(4, "0")}000001`,
          session: `s-${Math.floor(i / 10)}`,
        }),
      );
      for (let i = 0; i < events.length; i += 1000) {
        const res = await fetch(`${b.server.url}/api/v1/events`, {
          method: "POST",
          headers: { "content-type": "application/json", authorization: `Bearer ${b.keys.ingest}` },
          body: JSON.stringify({ events: events.slice(i, i + 1000) }),
        });
        expect(await res.json()).toMatchObject({ accepted: 1000, rejected: [] });
      }
    });
    afterAll(async () => {
      await b?.close();
    });

    const download = (query: string, key = b.keys.export) =>
      fetch(`${b.server.url}/api/v1/export?${query}`, { headers: { authorization: `Bearer ${key}` } });
    const octoberTotal = async () => {
      const res = await fetch(`${b.server.url}/api/v1/spend?from=2026-10-01&to=2026-10-31`, {
        headers: { authorization: `Bearer ${b.keys.read}` },
      });
      const { totals } = await res.json();
      return { requests: totals.requests as number, cost: new Big(totals.cost_usd).plus(totals.plan_fees_usd) };
    };
    const sum = (rows: Record<string, string>[], col: string) => rows.reduce((s, r) => s.plus(r[col] as string), new Big(0));

    it("streams the month as an attached UTF-8 CSV that adds up to /api/v1/spend exactly", async () => {
      const res = await download("month=2026-10&format=csv");
      expect(res.status).toBe(200);
      expect(res.headers.get("content-type")).toBe("text/csv; charset=utf-8");
      expect(res.headers.get("content-disposition")).toBe('attachment; filename="burnrate-2026-10.csv"');
      const text = await res.text();
      expect(text.split("\n")[0]).toBe(
        "date,provider,model,surface,environment,team,user,customer,feature,workflow,repo,tool,billable,cost_source,requests,input_tokens,output_tokens,cache_read_tokens,cache_write_tokens,cost_usd,list_cost_usd",
      );
      const rows: Record<string, string>[] = parse(text, { columns: true });
      const { requests, cost } = await octoberTotal();
      expect(requests).toBe(3000 - 3 * 96);
      expect(sum(rows, "requests").toNumber()).toBe(requests);
      expect(sum(rows, "cost_usd").eq(cost)).toBe(true);
      expect(new Set(rows.map((r) => r.date)).size).toBe(29);
      expect(new Set(rows.map((r) => r.team))).toEqual(new Set([...TEAMS.slice(0, 3), `'${TEAMS[3]}`, TEAMS[4]]));
      expect(new Set(rows.map((r) => r.cost_source))).toEqual(new Set(["reported", "computed"]));
    });

    it("gives one row per event at granularity=event, and FOCUS with the same total", async () => {
      const rows: Record<string, string>[] = parse(await (await download("month=2026-10&format=csv&granularity=event")).text(), {
        columns: true,
      });
      const { requests, cost } = await octoberTotal();
      expect(rows).toHaveLength(requests);
      expect(new Set(rows.map((r) => r.id)).size).toBe(requests);
      expect(rows.every((r, i) => i === 0 || (rows[i - 1]?.timestamp as string) <= (r.timestamp as string))).toBe(true);
      expect(sum(rows, "cost_usd").eq(cost)).toBe(true);
      for (const granularity of ["day", "event"]) {
        const focus: Record<string, string>[] = parse(
          await (await download(`month=2026-10&format=focus&granularity=${granularity}`)).text(),
          {
            columns: true,
          },
        );
        expect(sum(focus, "BilledCost").eq(cost)).toBe(true);
        expect(sum(focus, "x_Requests").toNumber()).toBe(requests);
      }
    });

    it("answers a bad query with 400 and the contract's error shape, naming each parameter", async () => {
      for (const [query, paths] of [
        ["format=csv", ["month"]],
        ["month=2026-13&format=csv", ["month"]],
        ["month=2026-10&format=xlsx&granularity=hour", ["format", "granularity"]],
        ["month=2026-10&format=csv&team=platform", ["team"]],
      ] as const) {
        const res = await download(query);
        expect(res.status).toBe(400);
        const body = await res.json();
        expect(body.error.code).toBe("invalid_query");
        expect(body.error.details.map((d: { path: string }) => d.path).sort()).toEqual(paths);
      }
    });

    it("needs the export scope", async () => {
      expect((await download("month=2026-10&format=csv", b.keys.read)).status).toBe(403);
      expect((await download("month=2026-10&format=csv", "br_nope")).status).toBe(401);
    });

    if (kind === "postgres") {
      it("answers 503 with Retry-After while the database is down, before any byte of CSV", async () => {
        b.proxy?.cut();
        try {
          const res = await download("month=2026-10&format=csv");
          expect(res.status).toBe(503);
          expect(Number(res.headers.get("retry-after"))).toBeGreaterThan(0);
          expect((await res.json()).error.code).toBe("database_unavailable");
        } finally {
          b.proxy?.restore();
        }
        let status = 0;
        for (let attempt = 0; attempt < 20 && status !== 200; attempt++) {
          const res = await download("month=2026-10&format=csv");
          status = res.status;
          await res.arrayBuffer();
          if (status !== 200) await new Promise((r) => setTimeout(r, 250));
        }
        expect(status).toBe(200);
      });
    }
  });
}
