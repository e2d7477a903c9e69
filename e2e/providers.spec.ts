import { expect, test } from "@playwright/test";
import Big from "big.js";
import { expectedTotals, generateDataset } from "../scripts/test/fake-providers/dataset";
import { E2E_API_KEY, FAKE_ANTHROPIC_PORT, FAKE_OPENAI_PORT, FAKE_PROVIDER_DATA, FAKE_PROVIDER_KEYS } from "./support/constants";

// April 2026 is this spec's month: the fake providers serve usage for it only, and only this spec sends April events.
const expected = expectedTotals(
  generateDataset({
    ...FAKE_PROVIDER_DATA,
    projects: [...FAKE_PROVIDER_DATA.projects],
    apiKeys: [...FAKE_PROVIDER_DATA.apiKeys],
    models: [...FAKE_PROVIDER_DATA.models],
    hours: [...FAKE_PROVIDER_DATA.hours],
    start: new Date(FAKE_PROVIDER_DATA.start),
  }),
);

test("an admin connects both providers in Settings; the backfill lands; Reconciliation shows the bill against the events", async ({
  page,
  request,
}) => {
  test.setTimeout(120_000);
  const sent = await request.post("/api/v1/events", {
    headers: { authorization: `Bearer ${E2E_API_KEY}` },
    data: {
      events: [
        {
          id: "e2e-recon-1",
          timestamp: "2026-04-03T09:10:00Z",
          provider: "openai",
          model: "gpt-4.1-mini",
          input_tokens: 1000,
          output_tokens: 100,
          cost_usd: "0.01",
        },
        // A provider whose bill Burnrate does not pull: attributed, but kept out of the reconciled total.
        {
          id: "e2e-recon-google",
          timestamp: "2026-04-03T09:20:00Z",
          provider: "google",
          model: "gemini-2.5-flash",
          input_tokens: 1000,
          output_tokens: 100,
          cost_usd: "0.02",
        },
      ],
    },
  });
  expect(await sent.json()).toMatchObject({ accepted: 2 });

  // Before any provider is connected, Reconciliation says what it needs instead of rows of $0 bills.
  await page.goto("/reconciliation?month=2026-04");
  await expect(page.getByRole("region", { name: "Connect a provider to reconcile" })).toBeVisible();
  await expect(page.getByRole("region", { name: "By day" })).toHaveCount(0);
  await expect(page.getByRole("region", { name: "Totals for April 2026" }).getByText("No provider connected")).toBeVisible();

  await page.goto("/settings/providers");
  const openai = page.getByRole("region", { name: "OpenAI" });
  await expect(openai.getByText("Not connected")).toBeVisible();
  await openai.getByLabel("OpenAI admin key").fill(FAKE_PROVIDER_KEYS.openai);
  await openai.getByLabel("API base URL (optional)").fill(`http://127.0.0.1:${FAKE_OPENAI_PORT}/v1`);
  await openai.getByRole("button", { name: "Save key" }).click();
  await expect(openai.getByText("Key saved (encrypted). The first sync has started.")).toBeVisible();
  await expect(openai.getByText("Key stored in Settings")).toBeVisible();
  await expect(openai.getByText("…6789")).toBeVisible();
  // Never shown again: not on the page, not in the field.
  await expect(page.getByText(FAKE_PROVIDER_KEYS.openai)).toHaveCount(0);
  await expect(openai.getByLabel("OpenAI admin key")).toHaveValue("");
  const history = page.getByRole("region", { name: "Usage and cost sync" });
  await expect(history.getByRole("row").filter({ hasText: "connect" }).getByText("ok", { exact: true })).toBeVisible({ timeout: 30_000 });
  await openai.getByRole("button", { name: "Test connection" }).click();
  await expect(openai.getByText("OpenAI answered: the key works (stored in Settings).")).toBeVisible();

  // A wrong Anthropic key: the run is partial, OpenAI still syncs, and the history and the test say why.
  const anthropic = page.getByRole("region", { name: "Anthropic" });
  await anthropic.getByLabel("Anthropic admin key").fill("sk-ant-admin-wrong-0000");
  await anthropic.getByLabel("API base URL (optional)").fill(`http://127.0.0.1:${FAKE_ANTHROPIC_PORT}`);
  await anthropic.getByRole("button", { name: "Save key" }).click();
  await expect(history.getByText(/anthropic: The admin key was rejected \(401\)/)).toBeVisible({ timeout: 30_000 });
  await expect(history.getByRole("row").filter({ hasText: "partial" })).toHaveCount(1);
  await anthropic.getByRole("button", { name: "Test connection" }).click();
  await expect(anthropic.getByRole("alert")).toContainText("Anthropic: The admin key was rejected (401)");

  await anthropic.getByLabel("Anthropic admin key").fill(FAKE_PROVIDER_KEYS.anthropic);
  await anthropic.getByLabel("API base URL (optional)").fill(`http://127.0.0.1:${FAKE_ANTHROPIC_PORT}`);
  await anthropic.getByRole("button", { name: "Save key" }).click();
  await expect(history.getByRole("row").filter({ hasText: "connect" }).filter({ hasText: "ok" })).toHaveCount(2, { timeout: 30_000 });
  await history.getByRole("button", { name: "Sync now" }).click();
  await expect(history.getByRole("row").filter({ hasText: "manual" }).getByText("ok", { exact: true })).toBeVisible({ timeout: 30_000 });

  const billed = new Big(expected.totalCost).times(2);
  const res = await request.get("/api/v1/reconciliation?from=2026-04-01&to=2026-04-30", {
    headers: { authorization: `Bearer ${E2E_API_KEY}` },
  });
  expect((await res.json()).totals).toEqual({
    reported_cost_usd: billed.toFixed(10),
    attributed_cost_usd: "0.0100000000",
    gap_usd: billed.minus("0.01").toFixed(10),
  });

  // The Overview (this month, attributed events) switches to the provider bill.
  await page.goto("/");
  const strip = page.getByRole("region", { name: "Provider bill" });
  await expect(strip.getByText("Provider bill this month")).toBeVisible();
  await strip.getByRole("navigation", { name: "Source" }).getByRole("link", { name: "Provider bill" }).click();
  await expect(page).toHaveURL(/\/reconciliation\?source=bill&group_by=model/);
  await page.goto("/reconciliation?month=2026-04");
  await expect(page.getByRole("heading", { name: "Reconciliation", level: 1 })).toBeVisible();
  const totals = page.getByRole("region", { name: "Totals for April 2026" });
  await expect(totals.getByText("Attributed by events")).toBeVisible();
  await expect(totals.getByText("$0.010")).toBeVisible();
  const days = page.getByRole("region", { name: "By day" });
  await expect(days.getByRole("row").filter({ hasText: "2026-04-03" }).getByText("over 5 %")).toBeVisible();
  await expect(page.getByRole("region", { name: "Connect a provider to reconcile" })).toHaveCount(0);
  // Google's events are attributed, marked as having no bill behind them, and named in the note under the table.
  const byProvider = page.getByRole("region", { name: "Spend by model" });
  await expect(byProvider.getByRole("row").filter({ hasText: "google" }).getByText("no bill pulled")).toBeVisible();
  await expect(byProvider.getByRole("row").filter({ hasText: "openai" }).getByText("no bill pulled")).toHaveCount(0);
  await expect(byProvider.getByText(/google \$0\.020/)).toBeVisible();

  // The source switch: the bill alone gives spend by project and API key, which events do not carry.
  await page.getByRole("navigation", { name: "Source" }).getByRole("link", { name: "Provider bill" }).click();
  await page.getByRole("navigation", { name: "Group by" }).getByRole("link", { name: "Project / workspace" }).click();
  await expect(page).toHaveURL(/source=bill&group_by=project/);
  const spend = page.getByRole("region", { name: "Spend by project / workspace" });
  await expect(spend.getByRole("row").filter({ hasText: "proj_e2e" })).toHaveCount(2);
  await expect(spend.getByRole("row").filter({ hasText: "(default)" })).toHaveCount(2);
  await page.getByRole("navigation", { name: "Group by" }).getByRole("link", { name: "API key" }).click();
  await expect(
    page.getByRole("region", { name: "Spend by api key" }).getByRole("row").filter({ hasText: "key_e2e" }).first(),
  ).toBeVisible();
});
