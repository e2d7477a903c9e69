import Big from "big.js";
import { parse } from "csv-parse/sync";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { makeEvent } from "@/scripts/test/events";
import { signInOverHttp } from "@/scripts/test/session";
import { type Backend, callApi, MEMBER_PASSWORD, ROLE_EMAILS, startBackend, testBackends } from "./support/backends";

const FORMULA_TEAM = '=HYPERLINK("http://evil","x")';
const VIEW = "from=2026-05-01&to=2026-05-31&group_by=team,model&environment=production";

for (const kind of testBackends()) {
  describe(`Spend explorer CSV download over HTTP [${kind}]`, () => {
    let b: Backend;
    let cookie: string;
    beforeAll(async () => {
      b = await startBackend(kind);
      const events = [
        { team: "platform", model: "gpt-4o", cost_usd: "1.2345678901" },
        { team: "platform", model: "gpt-4o-mini", cost_usd: "0.10" },
        { team: "growth", model: "gpt-4o", cost_usd: "3" },
        { team: null, model: "gpt-4o", cost_usd: "0.5" },
        { team: FORMULA_TEAM, model: "gpt-4o", cost_usd: "0.25" },
        { team: "platform", model: "gpt-4o", cost_usd: "50", environment: "staging" }, // filtered out
      ].map((e, i) => makeEvent({ id: `dl-${kind}-${i}`, timestamp: `2026-05-1${i}T09:00:00Z`, environment: "production", ...e }));
      const res = await callApi(b, "POST", "/api/v1/events", b.keys.ingest, { events });
      expect(await res.json()).toMatchObject({ accepted: events.length });
      cookie = (await signInOverHttp(b.server.url, ROLE_EMAILS.member, MEMBER_PASSWORD)).cookie;
    });
    afterAll(async () => {
      await b?.close();
    });

    const download = (query: string, headers: Record<string, string> = { cookie }) =>
      fetch(`${b.server.url}/spend/download?${query}`, { headers, redirect: "manual" });

    it("a member downloads the view as a named CSV whose rows add up to GET /api/v1/spend's totals for the same filters", async () => {
      const res = await download(`${VIEW}&measure=cost&sort=requests.asc&page=2`);
      expect(res.status).toBe(200);
      expect(res.headers.get("content-type")).toBe("text/csv; charset=utf-8");
      expect(res.headers.get("content-disposition")).toBe('attachment; filename="burnrate-spend-team-model-2026-05-01-2026-05-31.csv"');
      expect(res.headers.get("cache-control")).toBe("no-store");
      const [header, ...rows] = parse(await res.text()) as string[][];
      expect(header?.slice(0, 4)).toEqual(["team", "model", "unused_plan_fee", "requests"]);
      const col = (name: string) => header?.indexOf(name) ?? -1;
      // Most expensive first in the measure; "not set" is an empty cell; a formula is neutralised.
      expect(rows.map((r) => [r[0], r[1], r[col("cost_usd")]])).toEqual([
        ["growth", "gpt-4o", "3.0000000000"],
        ["platform", "gpt-4o", "1.2345678901"],
        ["", "gpt-4o", "0.5000000000"],
        [`'${FORMULA_TEAM}`, "gpt-4o", "0.2500000000"],
        ["platform", "gpt-4o-mini", "0.1000000000"],
      ]);

      const api = await callApi(b, "GET", `/api/v1/spend?${VIEW}`, b.keys.read);
      const body = (await api.json()) as { totals: { cost_usd: string; list_cost_usd: string; requests: number } };
      const sum = (name: string) => rows.reduce((acc, r) => acc.plus(r[col(name)] ?? "0"), new Big(0));
      expect(sum("cost_usd").toFixed(10)).toBe(body.totals.cost_usd);
      expect(sum("list_cost_usd").toFixed(10)).toBe(body.totals.list_cost_usd);
      expect(Number(sum("requests"))).toBe(body.totals.requests);
    });

    it("without a session it is 401 in the contract's error shape; a read key may download too", async () => {
      const anonymous = await download(VIEW, {});
      expect(anonymous.status).toBe(401);
      expect(await anonymous.json()).toMatchObject({ error: { code: "unauthorized", message: expect.any(String) } });
      const ingest = await download(VIEW, { authorization: `Bearer ${b.keys.ingest}` });
      expect(ingest.status).toBe(403);
      expect((await download(VIEW, { authorization: `Bearer ${b.keys.read}` })).status).toBe(200);
    });

    it("an invalid view is 400 invalid_query naming the parameter, as the explorer refuses it", async () => {
      for (const [query, path] of [
        ["group_by=colour", "group_by"],
        ["group_by=team,model,tool", "group_by"],
        ["from=2026-02-30", "from"],
        ["measure=profit", "measure"],
        ["group_by=team&secret=1", "secret"],
      ]) {
        const res = await download(query as string);
        expect(res.status, query).toBe(400);
        const body = (await res.json()) as { error: { code: string; details: { path: string }[] } };
        expect(body.error.code).toBe("invalid_query");
        expect(body.error.details.map((d) => d.path)).toContain(path);
      }
    });
  });
}
