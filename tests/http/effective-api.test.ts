import { sign } from "@octokit/webhooks-methods";
import Big from "big.js";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { closedPrDelivery } from "@/scripts/test/github-fixtures";
import { type Backend, callApi, GITHUB_WEBHOOK_SECRET, startBackend, testBackends } from "./support/backends";

/**
 * Effective cost over HTTP (DESIGN §3.12 "Measures"): a plan made through the Plans API, usage sent to the events API,
 * a PR through the signed webhook; `/api/v1/spend` and `/api/v1/pull-requests` answer every measure.
 */
for (const kind of testBackends()) {
  describe(`effective cost over HTTP [${kind}]`, () => {
    let b: Backend;
    beforeAll(async () => {
      b = await startBackend(kind);
    });
    afterAll(async () => {
      await b?.close();
    });

    const call = (method: string, path: string, key: string | null, body?: unknown) => callApi(b, method, path, key, body);
    const read = async (path: string) => {
      const res = await call("GET", path, b.keys.read);
      expect(res.status, path).toBe(200);
      return res.json();
    };

    it("spend rows and totals carry effective_cost_usd, unused seats are rows of their own, and a PR done on the plan costs its seat share", async () => {
      for (const [name, email] of [
        ["Maya", "maya@acme.dev"],
        ["Li", "li@acme.dev"],
      ])
        expect((await call("POST", "/api/v1/people", b.keys.admin, { name, email })).status).toBe(201);
      // 2 seats × $30 in November (30 days): $1 a seat a day. Maya's seat is named; the other is unassigned.
      const plan = await call("POST", "/api/v1/plans", b.keys.admin, {
        name: "Claude Team",
        vendor: "anthropic",
        tool: "Claude Code",
        seats: 2,
        fee_per_seat_usd: "30",
        starts_on: "2026-11-01",
        ends_on: "2026-11-30",
        seat_holders: ["maya@acme.dev"],
      });
      expect(plan.status).toBe(201);
      const onPlan = {
        provider: "anthropic",
        model: "claude-sonnet-4-5",
        surface: "plan",
        plan: "Claude Team",
        input_tokens: 10,
        output_tokens: 5,
      };
      const sent = await call("POST", "/api/v1/events", b.keys.ingest, {
        events: [
          { ...onPlan, id: "m1", timestamp: "2026-11-03T10:00:00Z", user: "maya@acme.dev", cost_usd: "3", repo: "acme/web", pr: 7 },
          { ...onPlan, id: "m2", timestamp: "2026-11-03T11:00:00Z", user: "maya@acme.dev", cost_usd: "1", repo: "acme/web" },
          { ...onPlan, id: "x1", timestamp: "2026-11-03T12:00:00Z", user: "someone-else", cost_usd: "2" },
          {
            provider: "openai",
            model: "gpt-4.1",
            id: "api1",
            timestamp: "2026-11-03T12:00:00Z",
            user: "li@acme.dev",
            cost_usd: "0.5",
            input_tokens: 1,
            output_tokens: 1,
          },
        ],
      });
      expect(sent.status).toBe(200);
      expect((await sent.json()).accepted).toBe(4);

      const day = await read("/api/v1/spend?from=2026-11-03&to=2026-11-03&group_by=person");
      expect(day.totals).toMatchObject({ cost_usd: "0.5000000000", plan_fees_usd: "2.0000000000", effective_cost_usd: "2.5000000000" });
      // Maya's seat ($1) goes to her usage; the unassigned seat ($1) to everyone else's plan usage that day.
      expect(day.rows.map((r: Record<string, unknown>) => [r.person, r.unused_plan_fee ?? false, r.effective_cost_usd])).toEqual([
        ["li@acme.dev", false, "0.5000000000"],
        ["maya@acme.dev", false, "1.0000000000"],
        [null, false, "1.0000000000"],
      ]);

      const month = await read("/api/v1/spend?from=2026-11-01&to=2026-11-30&group_by=plan");
      expect(month.totals.effective_cost_usd).toBe(new Big(month.totals.cost_usd).plus(month.totals.plan_fees_usd).toFixed(10));
      expect(month.rows.filter((r: Record<string, unknown>) => r.unused_plan_fee)).toEqual([
        expect.objectContaining({ plan: "Claude Team", requests: 0, cost_usd: "0.0000000000", effective_cost_usd: "58.0000000000" }),
      ]);
      const sum = (field: string) =>
        month.rows.reduce((s: Big, r: Record<string, string>) => s.plus(r[field] as string), new Big(0)).toFixed(10);
      for (const field of ["cost_usd", "list_cost_usd", "effective_cost_usd"]) expect(sum(field), field).toBe(month.totals[field]);

      const payload = closedPrDelivery("acme/web", 7, {
        merged: true,
        merged_at: "2026-11-04T09:00:00Z",
        closed_at: "2026-11-04T09:00:00Z",
        created_at: "2026-11-02T09:00:00Z",
        head: { ref: "feat/seven", sha: "b".repeat(40) },
      });
      const hook = await fetch(`${b.server.url}/api/v1/webhooks/github`, {
        method: "POST",
        headers: {
          "content-type": "application/json",
          "x-github-event": "pull_request",
          "x-github-delivery": "eff-1",
          "x-hub-signature-256": await sign(GITHUB_WEBHOOK_SECRET, payload),
        },
        body: payload,
      });
      expect(hook.status).toBeLessThan(300);
      const prs = await read("/api/v1/pull-requests?from=2026-11-01&to=2026-11-30");
      expect(prs.rows).toEqual([
        expect.objectContaining({
          repo: "acme/web",
          number: 7,
          cost_usd: "0.0000000000",
          list_cost_usd: "3.0000000000",
          effective_cost_usd: "0.7500000000",
        }),
      ]);
      expect(prs.summary).toMatchObject({
        cost_per_merged_pr_usd: "0.0000000000",
        effective_cost_per_merged_pr_usd: "0.7500000000",
        list_cost_per_merged_pr_usd: "3.0000000000",
      });
    });
  });
}
