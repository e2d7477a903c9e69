import { expect, test } from "@playwright/test";
import { formatUsd } from "../lib/format";
import { E2E_API_KEY } from "./support/constants";

const auth = { authorization: `Bearer ${E2E_API_KEY}` };
const MODEL = "ft:gpt-4.1-mini:acme:triage-v3";

// Runs after every other spec: it sends spend for today, which the Overview's and budgets' totals would see.
test("an admin prices the unpriced models from the Overview, previews the reprice, applies it: nothing unpriced, spend up by the preview", async ({
  page,
  request,
}) => {
  const today = new Date().toISOString().slice(0, 10);
  const monthStart = `${today.slice(0, 8)}01`;
  const event = (id: string) => ({
    id,
    timestamp: new Date(Date.now() - 60_000).toISOString(),
    provider: "openai",
    model: MODEL,
    input_tokens: 10_000,
    output_tokens: 1_000,
  });
  const first = await request.post("/api/v1/events", { headers: auth, data: { events: [event("e2e-price-1")] } });
  expect(await first.json()).toMatchObject({ accepted: 1 });
  const monthSpend = async () =>
    (await (await request.get(`/api/v1/spend?from=${monthStart}&to=${today}`, { headers: auth })).json()).totals.cost_usd as string;
  const spendBefore = await monthSpend();

  // The explorer's unpriced filter on one model links to the form for it.
  await page.goto(`/spend?cost_source=unpriced&group_by=model&model=${encodeURIComponent(MODEL)}`);
  await expect(page.getByRole("link", { name: `Add a price for ${MODEL}` })).toHaveAttribute(
    "href",
    `/settings/prices?model=${encodeURIComponent(MODEL)}#price-form-heading`,
  );

  await page.goto("/");
  const unpriced = page.getByRole("region", { name: "Unpriced models" });
  await expect(unpriced).toContainText(`openai/${MODEL}`);
  await unpriced.getByRole("link", { name: `Add a price for openai/${MODEL}` }).click();
  await expect(page).toHaveURL(/\/settings\/prices\?provider=openai&model=ft/);
  const form = page.getByRole("region", { name: "Add a price" });
  await expect(form.getByLabel("Provider")).toHaveValue("openai");
  await expect(form.getByLabel("Model or pattern")).toHaveValue(MODEL);
  // It starts on the model's first unpriced day, so a reprice covers every one of its events.
  await expect(form.getByLabel("Effective from")).toHaveValue(today);
  // A pattern for every fine-tune of gpt-4.1-mini; a bad price is explained at its field and nothing typed is lost.
  await form.getByLabel("Model or pattern").fill("ft:gpt-4.1-mini:*");
  await form.getByLabel("Input per 1M tokens (USD)").fill("-0.8");
  await form.getByLabel("Output per 1M tokens (USD)").fill("3.2");
  await form.getByRole("button", { name: "Add price" }).click();
  await expect(form.getByText(/must be a price in USD per million tokens/)).toBeVisible();
  await expect(form.getByLabel("Model or pattern")).toHaveValue("ft:gpt-4.1-mini:*");
  await form.getByLabel("Input per 1M tokens (USD)").fill("0.8");
  await form.getByRole("button", { name: "Add price" }).click();
  await expect(form.getByText(/Price for openai\/ft:gpt-4\.1-mini:\* added/)).toBeVisible();
  const mine = page.getByRole("region", { name: "Your prices" });
  await expect(mine.getByRole("row").filter({ hasText: "ft:gpt-4.1-mini:*" })).toContainText("(pattern)");
  await expect(mine.getByRole("row").filter({ hasText: "ft:gpt-4.1-mini:*" })).toContainText("$0.8");

  // Every other model still unpriced (the other specs' in-house models) gets a price from the Prices page's own list.
  const list = page.getByRole("region", { name: "Unpriced models" });
  for (;;) {
    const links = list.getByRole("link", { name: /^Add a price for (?!openai\/ft:)/ });
    if ((await links.count()) === 0) break;
    const name = (await links.first().getAttribute("aria-label")) ?? "";
    await links.first().click();
    // The form is remounted with the model: wait for it before typing.
    await expect(form.getByLabel("Model or pattern")).toHaveValue(name.slice(name.indexOf("/") + 1));
    await form.getByLabel("Input per 1M tokens (USD)").fill("2");
    await form.getByLabel("Output per 1M tokens (USD)").fill("8");
    await form.getByRole("button", { name: "Add price" }).click();
    await expect(form.getByText(/ added: events ingested from now on use it/)).toBeVisible();
  }

  // The preview: per model and month, before and after; the fine-tune's event goes from $0 to 10,000 × $0.8 + 1,000 × $3.2 per million.
  const reprice = page.getByRole("region", { name: "Reprice stored events" });
  await reprice.getByRole("button", { name: "Preview" }).click();
  const preview = reprice.getByRole("region", { name: "Reprice preview" });
  const ftRow = preview.getByRole("row").filter({ hasText: MODEL });
  await expect(ftRow).toContainText("$0.00");
  await expect(ftRow).toContainText("+$0.011");
  await expect(ftRow).toContainText("1 → 0");
  const previewed = await request.post("/api/v1/prices/reprice", { headers: auth, data: { dry_run: true } });
  const expected = await previewed.json();
  expect(expected.rows.every((r: { unpriced_after: number }) => r.unpriced_after === 0)).toBe(true);
  const delta = expected.rows
    .filter((r: { month: string }) => r.month === today.slice(0, 7))
    .reduce(
      (sum: number, r: { cost_before_usd: string; cost_after_usd: string }) => sum + Number(r.cost_after_usd) - Number(r.cost_before_usd),
      0,
    );
  await reprice.screenshot({ path: "test-results/settings-prices-preview.png" });
  await reprice.getByRole("button", { name: `Apply to ${expected.events} events` }).click();
  const jobs = reprice.getByRole("table").last();
  await expect(jobs.getByRole("row").nth(1)).toContainText("done", { timeout: 30_000 });
  await expect(jobs.getByRole("row").nth(1)).toContainText(String(expected.events));
  await reprice.screenshot({ path: "test-results/settings-prices-reprice-done.png" });
  await page.screenshot({ path: "test-results/settings-prices.png" });

  // The Overview: nothing unpriced, and this month's spend up by exactly what the preview said.
  const spendAfter = await monthSpend();
  expect(Number(spendAfter) - Number(spendBefore)).toBeCloseTo(delta, 9);
  expect(delta).toBeGreaterThan(0);
  await page.goto("/?measure=cost");
  await expect(page.getByRole("region", { name: "This month", exact: true })).toContainText(formatUsd(spendAfter));
  await expect(page.getByRole("region", { name: "Unpriced models" })).toHaveCount(0);
  await expect(page.getByRole("region", { name: "Attribution gaps" })).toContainText("Every event has a price");

  // The catalog, searchable, with the pinned version.
  await page.goto("/settings/prices");
  const catalog = page.getByRole("region", { name: "Catalog" });
  await expect(catalog).toContainText("@pydantic/genai-prices");
  await expect(catalog).toContainText(/released \d{1,2} \w+ \d{4}/);
  await catalog.getByLabel("Search models").fill("claude-sonnet-4-5");
  await catalog.getByRole("button", { name: "Search" }).click();
  await expect(catalog.getByRole("row").filter({ hasText: /^anthropicclaude-sonnet-4-5/ })).toContainText(
    "above 200,000 tokens: $6 / $22.5",
  );

  // An event after the card is priced by it at ingest.
  const second = await request.post("/api/v1/events", { headers: auth, data: { events: [event("e2e-price-2")] } });
  expect(await second.json()).toMatchObject({ accepted: 1 });
  const spend = await request.get(`/api/v1/spend?from=${today}&to=${today}&group_by=cost_source&model=${encodeURIComponent(MODEL)}`, {
    headers: auth,
  });
  expect((await spend.json()).rows).toEqual([expect.objectContaining({ cost_source: "computed", cost_usd: "0.0224000000", requests: 2 })]);
});
