import { expect, test } from "@playwright/test";
import { E2E_API_KEY } from "./support/constants";

const auth = { authorization: `Bearer ${E2E_API_KEY}` };
const MODEL = "ft:gpt-4.1-mini:acme:triage-v3";

// Runs after every other spec: it sends spend for today, which the Overview's and budgets' totals would see.
test("an admin prices an unpriced fine-tune from the Overview; events from then on carry its price", async ({ page, request }) => {
  const today = new Date().toISOString().slice(0, 10);
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

  await page.goto("/");
  const unpriced = page.getByRole("region", { name: "Unpriced models" });
  await expect(unpriced).toContainText(`openai/${MODEL}`);
  await unpriced.getByRole("link", { name: `Add a price for openai/${MODEL}` }).click();
  await expect(page).toHaveURL(/\/settings\/prices\?provider=openai&model=ft/);
  const form = page.getByRole("region", { name: "Add a price" });
  await expect(form.getByLabel("Provider")).toHaveValue("openai");
  await expect(form.getByLabel("Model or pattern")).toHaveValue(MODEL);
  // A pattern for every fine-tune of gpt-4.1-mini; a bad price is explained at its field and nothing typed is lost.
  await form.getByLabel("Model or pattern").fill("ft:gpt-4.1-mini:*");
  await form.getByLabel("Effective from").fill(today);
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
  // The catalog, searchable, with the pinned version.
  const catalog = page.getByRole("region", { name: "Catalog" });
  await expect(catalog).toContainText("@pydantic/genai-prices");
  await catalog.getByLabel("Search models").fill("claude-sonnet-4-5");
  await catalog.getByRole("button", { name: "Search" }).click();
  await expect(catalog.getByRole("row").filter({ hasText: /^anthropicclaude-sonnet-4-5/ })).toContainText(
    "above 200,000 tokens: $6 / $22.5",
  );
  await page.screenshot({ path: "test-results/settings-prices.png", fullPage: true });

  // An event after the card is priced by it: 10,000 × $0.8 + 1,000 × $3.2 per million.
  const second = await request.post("/api/v1/events", { headers: auth, data: { events: [event("e2e-price-2")] } });
  expect(await second.json()).toMatchObject({ accepted: 1 });
  const spend = await request.get(`/api/v1/spend?from=${today}&to=${today}&group_by=cost_source&model=${encodeURIComponent(MODEL)}`, {
    headers: auth,
  });
  expect((await spend.json()).rows).toEqual(
    expect.arrayContaining([
      expect.objectContaining({ cost_source: "computed", cost_usd: "0.0112000000", requests: 1 }),
      expect.objectContaining({ cost_source: "unpriced", requests: 1 }),
    ]),
  );
});
