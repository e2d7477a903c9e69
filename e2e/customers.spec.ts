import { expect, test } from "@playwright/test";
import { E2E_API_KEY } from "./support/constants";

// May 2026 is this spec's own month: no other spec sends events for it.
const auth = { authorization: `Bearer ${E2E_API_KEY}` };
const at = (day: number) => `2026-05-${String(day).padStart(2, "0")}T10:00:00Z`;

test("an admin sets up customers (form, CSV import, quota); Customers shows cost to serve, margin and quota, customer usage only", async ({
  page,
  request,
}) => {
  const events = [
    { customer: "e2e-acme", feature: "chat", cost_usd: "5", input_tokens: 40_000, output_tokens: 10_000 },
    { customer: "e2e-acme", feature: "search", cost_usd: "2", input_tokens: 20_000, output_tokens: 5_000 },
    { customer: "e2e-acme", feature: "chat", cost_usd: "1", billable: false, input_tokens: 100, output_tokens: 100 },
    { customer: "e2e-acme", feature: "chat", cost_usd: "1000", environment: "staging", input_tokens: 10, output_tokens: 10 },
    { customer: "e2e-globex", feature: "agent", cost_usd: "140", input_tokens: 900_000, output_tokens: 100_000 },
    { customer: "e2e-ourco", feature: "chat", cost_usd: "50", input_tokens: 10, output_tokens: 10 },
  ].map((e, i) => ({ id: `e2e-cust-${i}`, timestamp: at(10 + i), provider: "openai", model: "gpt-4.1-mini", ...e }));
  const sent = await request.post("/api/v1/events", { headers: auth, data: { events } });
  expect(await sent.json()).toMatchObject({ accepted: events.length });

  await page.setViewportSize({ width: 1440, height: 1000 });
  await page.goto("/settings/customers");
  const form = page.getByRole("region", { name: "Add a customer" });
  await form.getByLabel("Name").fill("Acme");
  await form.getByLabel("Customer id").fill("e2e-acme");
  await form.getByLabel("Monthly revenue (USD)").fill("99 dollars");
  await form.getByRole("button", { name: "Add customer" }).click();
  await expect(form.getByText("Enter an amount in USD like 99 or 1250.50")).toBeVisible();
  await expect(form.getByLabel("Customer id")).toHaveValue("e2e-acme");
  await form.getByLabel("Monthly revenue (USD)").fill("99");
  await form.getByRole("button", { name: "Add customer" }).click();
  await expect(page.getByText('Customer "Acme" added.')).toBeVisible();

  // A CSV with a bad row: the preview names the line, and nothing can be imported until it is fixed.
  const importer = page.getByRole("region", { name: "Import from CSV" });
  const csv = (globexTier: string) =>
    [
      "external_id,name,tier,monthly_revenue_usd",
      "e2e-acme,Acme Inc.,paid,99",
      `e2e-globex,Globex,${globexTier},99`,
      "e2e-ourco,Our own team,internal,0",
    ].join("\n");
  await importer.getByLabel("CSV").fill(csv("gold"));
  await importer.getByRole("button", { name: "Preview" }).click();
  const preview = importer.getByRole("table", { name: "Import preview" });
  await expect(preview.getByRole("row").filter({ hasText: "Must be free, trial, paid or internal" })).toContainText("3");
  await expect(importer.getByRole("button", { name: /^Import/ })).toHaveCount(0);
  await page.screenshot({ path: "test-results/settings-customers-import-errors.png", fullPage: true });

  await importer.getByLabel("CSV").fill(csv("paid"));
  await importer.getByRole("button", { name: "Preview" }).click();
  await expect(preview.getByRole("row").filter({ hasText: "e2e-acme" })).toContainText("will update");
  await expect(preview.getByRole("row").filter({ hasText: "e2e-globex" })).toContainText("will add");
  await importer.getByRole("button", { name: "Import 3 customers" }).click();
  await expect(importer.getByText("Imported: 2 added, 1 updated.")).toBeVisible();

  const acmeRow = page.getByRole("row").filter({ hasText: "Acme Inc." });
  await acmeRow.getByLabel("Metric").selectOption("tokens");
  await acmeRow.getByLabel("Limit per month").fill("90000");
  await acmeRow.getByRole("button", { name: "Add quota" }).click();
  await expect(acmeRow).toContainText("90,000 tokens / month");
  await page.screenshot({ path: "test-results/settings-customers.png", fullPage: true });

  await page.goto("/customers?month=2026-05");
  await expect(page.getByRole("heading", { name: "Customers", level: 1 })).toBeVisible();
  const table = page.getByRole("table", { name: "Customers" });
  const rows = table.getByRole("row");
  // Negative margin first, then near quota (Acme: 75,000 of 90,000 billable tokens = 83 %).
  await expect(rows.nth(1)).toContainText("Globex");
  await expect(rows.nth(1)).toContainText("Negative margin");
  await expect(rows.nth(1)).toContainText("−$41.00");
  await expect(rows.nth(2)).toContainText("Acme Inc.");
  await expect(rows.nth(2)).toContainText("Near quota");
  await expect(rows.nth(2)).toContainText("$8.00"); // cost to serve
  await expect(rows.nth(2)).toContainText("$91.00"); // margin
  await expect(rows.nth(2)).toContainText("91.9%");
  await expect(rows.nth(2)).toContainText("83%");
  await expect(table).not.toContainText("Our own team");
  await expect(page.getByText(/Kept apart: \$1,050 over 2 requests/)).toBeVisible();
  await expect(page.getByRole("heading", { name: "What counts" })).toBeVisible();
  await page.screenshot({ path: "test-results/customers.png", fullPage: true });

  await page.getByRole("link", { name: "Include internal, test and staging" }).click();
  await expect(table).toContainText("Our own team");
  await expect(page).toHaveURL(/all=1/);

  const usage = await request.get("/api/v1/customers/e2e-acme/usage?month=2026-05", { headers: auth });
  expect(await usage.json()).toEqual({
    customer: "e2e-acme",
    month: "2026-05",
    requests: 3,
    input_tokens: 60_100,
    output_tokens: 15_100,
    cost_usd: "8.0000000000",
    billable_cost_usd: "7.0000000000",
    quotas: [{ metric: "tokens", limit: "90000", used: "75000", percent: 83 }],
  });
  const billing = await page.request.get("/api/v1/customers/usage.csv?month=2026-05");
  expect(billing.status()).toBe(200);
  expect((await billing.text()).split(/\r?\n/)[1]).toBe("2026-05,e2e-acme,Acme Inc.,paid,2,60000,15000,75000,7.0000000000,1,1.0000000000");
});
