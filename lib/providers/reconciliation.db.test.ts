import Big from "big.js";
import { afterAll, beforeAll, expect, it } from "vitest";
import { type Ctx, systemContext } from "@/lib/auth/actor";
import { ingestEvents } from "@/lib/ingest/ingest-events";
import { describeEachDatabase } from "@/scripts/test/databases";
import { makeEvent } from "@/scripts/test/events";
import { expectedTotals, type FakeServer, generateDataset, startFakeAnthropic, startFakeOpenAi } from "@/scripts/test/fake-providers";
import { anthropicClient } from "./anthropic/client";
import { listProviderBill } from "./bill";
import { openAiClient } from "./openai/client";
import { getReconciliation } from "./reconciliation";
import { runProviderSync } from "./run-sync";

const NOW = new Date("2026-04-30T12:00:00Z");
const data = generateDataset({
  start: new Date("2026-04-01T00:00:00Z"),
  days: 3,
  models: ["gpt-4.1-mini-2025-04-14", "claude-sonnet-4-5-20250929"],
  projects: ["proj_alpha", "proj_beta"],
  hours: [10, 14],
});
const expected = expectedTotals(data);

describeEachDatabase("reconciliation", (t) => {
  let openai: FakeServer;
  let anthropic: FakeServer;
  beforeAll(async () => {
    openai = await startFakeOpenAi(data, { key: "k1" });
    anthropic = await startFakeAnthropic(data, { key: "k2" });
  });
  afterAll(async () => {
    await openai.close();
    await anthropic.close();
  });
  const ctx = (): Ctx => ({ db: t.handle.db, actor: { kind: "api_key", keyId: "k", name: "read", scopes: ["read"] } });

  it("per day × provider × model: bill against events, undated event models meeting dated bill models, model-less lines as null", async () => {
    const clients = [
      openAiClient({ apiKey: "k1", baseUrl: `${openai.url}/v1`, trusted: true }),
      anthropicClient({ apiKey: "k2", baseUrl: anthropic.url, trusted: true }),
    ];
    expect((await runProviderSync(systemContext(t.handle.db), { trigger: "manual", now: NOW, clients }))?.status).toBe("ok");
    // Events cover part of April 1st's OpenAI bill under the undated alias, and nothing of Anthropic's.
    await ingestEvents(
      systemContext(t.handle.db),
      [
        makeEvent({ id: "a1", timestamp: "2026-04-01T10:05:00Z", model: "gpt-4.1-mini", cost_usd: "0.01" }),
        makeEvent({ id: "a2", timestamp: "2026-04-01T14:05:00Z", model: "gpt-4.1-mini", cost_usd: "0.02" }),
      ],
      NOW,
    );
    const rec = await getReconciliation(ctx(), { from: "2026-04-01", to: "2026-04-30" });
    expect(Object.keys(rec.rows[0] ?? {})).toEqual([
      "date",
      "provider",
      "model",
      "reported_cost_usd",
      "attributed_cost_usd",
      "gap_usd",
      "reported_input_tokens",
      "reported_output_tokens",
    ]);
    // 3 days × 2 providers × (2 models + the model-less web-search line).
    expect(rec.rows).toHaveLength(18);
    const first = rec.rows.find((r) => r.date === "2026-04-01" && r.provider === "openai" && r.model === "gpt-4.1-mini-2025-04-14");
    const billed = expected.costByDayModel.get("2026-04-01|gpt-4.1-mini-2025-04-14") as string;
    expect(first).toMatchObject({
      reported_cost_usd: new Big(billed).toFixed(10),
      attributed_cost_usd: "0.0300000000",
      gap_usd: new Big(billed).minus("0.03").toFixed(10),
    });
    expect(first?.reported_input_tokens).toBeGreaterThan(0);
    const webSearch = rec.rows.filter((r) => r.model === null);
    expect(webSearch).toHaveLength(6);
    expect(rec.totals.reported_cost_usd).toBe(new Big(expected.totalCost).times(2).toFixed(10));
    expect(rec.totals.attributed_cost_usd).toBe("0.0300000000");
    expect(rec.totals.gap_usd).toBe(new Big(expected.totalCost).times(2).minus("0.03").toFixed(10));
    const inputs = rec.rows.filter((r) => r.provider === "anthropic").reduce((n, r) => n + r.reported_input_tokens, 0);
    expect(inputs).toBe(expected.inputTokens);

    // The bill alone, without events: spend by project and API key.
    const byProject = await listProviderBill(ctx(), { from: "2026-04-01", to: "2026-04-30", groupBy: "project" });
    expect(byProject.map((r) => `${r.provider}:${r.value}`).sort()).toEqual([
      "anthropic:proj_alpha",
      "anthropic:proj_beta",
      "openai:proj_alpha",
      "openai:proj_beta",
    ]);
    const byKey = await listProviderBill(ctx(), { from: "2026-04-01", to: "2026-04-30", groupBy: "api_key" });
    expect(byKey.find((r) => r.provider === "openai" && r.value === "key_main")?.requests).toBeGreaterThan(0);
  });
});
