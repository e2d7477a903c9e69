import { expect, test } from "@playwright/test";
import { nightlyJob, personAtWork } from "../scripts/test/workloads";
import { E2E_API_KEY } from "./support/constants";

// September 2026 is this spec's own month: no other spec sends events for it, and its plan runs only then.
test("an admin adds a plan; Surfaces flags the nightly job on it, keeps the engineer, and weighs the plan's value against its fee", async ({
  page,
  request,
}) => {
  const events = [
    ...nightlyJob({
      month: "2026-09",
      id: "e2e-night",
      surface: "plan",
      plan: "E2E Claude Team",
      user: "reports-bot",
      repo: "acme/e2e-reports",
      cost: "0.05",
    }),
    ...personAtWork({
      month: "2026-09",
      id: "e2e-ana",
      surface: "plan",
      plan: "E2E Claude Team",
      user: "ana@acme.test",
      repo: "acme/e2e-web",
      cost: "0.02",
    }),
  ];
  const res = await request.post("/api/v1/events", { headers: { authorization: `Bearer ${E2E_API_KEY}` }, data: { events } });
  expect(await res.json()).toMatchObject({ accepted: events.length });

  await page.setViewportSize({ width: 1440, height: 1000 });
  await page.goto("/settings/plans");
  await expect(page.getByText("No plans yet.")).toBeVisible();
  const form = page.getByRole("region", { name: "Add a paid plan" });
  await form.getByLabel("Name").fill("E2E Claude Team");
  await form.getByLabel("Vendor").fill("anthropic");
  await form.getByLabel("Tool").fill("Claude Code");
  await form.getByLabel("Seats").fill("3");
  await form.getByLabel("Fee per seat per month (USD)").fill("abc");
  await form.getByLabel("Start date").fill("2026-09-01");
  await form.getByLabel("End date").fill("2026-09-30");
  await form.getByRole("button", { name: "Add plan" }).click();
  // A bad amount is explained at the field, and nothing typed is lost.
  await expect(form.getByText("Enter an amount in USD like 25 or 30.00")).toBeVisible();
  await expect(form.getByLabel("Name")).toHaveValue("E2E Claude Team");
  await form.getByLabel("Fee per seat per month (USD)").fill("30");
  await form.getByRole("button", { name: "Add plan" }).click();
  await expect(page.getByText('Plan "E2E Claude Team" added.')).toBeVisible();
  const row = page.getByRole("row", { name: /E2E Claude Team/ });
  await expect(row).toContainText("$90.00");
  await expect(row).toContainText("2026-09-01 – 2026-09-30");
  await page.screenshot({ path: "test-results/settings-plans.png", fullPage: true });

  // Spend and export count the fee.
  const spend = await request.get("/api/v1/spend?from=2026-09-01&to=2026-09-30", { headers: { authorization: `Bearer ${E2E_API_KEY}` } });
  expect((await spend.json()).totals.plan_fees_usd).toBe("90.0000000000");

  await page.goto("/surfaces?month=2026-09");
  await expect(page.getByRole("heading", { name: "Surfaces", level: 1 })).toBeVisible();
  const workloads = page.getByRole("table", { name: "Workloads by surface" });
  const nightly = workloads.getByRole("row").filter({ hasText: "acme/e2e-reports" });
  await expect(nightly).toContainText("Move to API");
  await expect(nightly).toContainText("runs as a service account (reports-bot)");
  const ana = workloads.getByRole("row").filter({ hasText: "acme/e2e-web" });
  await expect(ana).toContainText("Keep");
  await expect(ana).toContainText("Interactive work on a paid plan: the plan fits.");

  const plan = page.getByRole("article", { name: "E2E Claude Team" });
  await expect(plan).toContainText("3 seats × $30.00 = $90.00 this month");
  await expect(plan).toContainText("2 of 3");
  await expect(plan.getByRole("row").filter({ hasText: "ana@acme.test" })).toContainText("seat costs more");
  await expect(page.getByRole("heading", { name: "How workloads are classified" })).toBeVisible();
  await page.screenshot({ path: "test-results/surfaces.png", fullPage: true });
});
