import { sign } from "@octokit/webhooks-methods";
import { expect, test } from "@playwright/test";
import { closedPrDelivery } from "../scripts/test/github-fixtures";
import { nightlyJob, personAtWork } from "../scripts/test/workloads";
import { E2E_API_KEY, E2E_GITHUB_SECRET } from "./support/constants";

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

  // Surfaces shows the month as the fold last stored it: within one evaluation interval (2 s here) of the ingest.
  const workloads = page.getByRole("table", { name: "Workloads by surface" });
  await expect(async () => {
    await page.goto("/surfaces?month=2026-09");
    await expect(workloads.getByRole("row").filter({ hasText: "acme/e2e-reports" })).toBeVisible({ timeout: 1000 });
  }).toPass({ timeout: 30_000 });
  await expect(page.getByRole("heading", { name: "Surfaces", level: 1 })).toBeVisible();
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

// After the plan above exists: a PR done entirely on it carries the plan's fee for its day (effective cost), not $0.
test("a pull request done on the paid plan shows its effective cost: the plan-day's fee, where metered says $0", async ({
  page,
  request,
}) => {
  const auth = { authorization: `Bearer ${E2E_API_KEY}` };
  const payload = closedPrDelivery("acme/e2e-web", 77, {
    title: "Plan-made feature",
    merged: true,
    merged_at: "2026-09-29T09:00:00Z",
    closed_at: "2026-09-29T09:00:00Z",
    created_at: "2026-09-28T08:00:00Z",
    updated_at: "2026-09-29T09:00:00Z",
    head: { ref: "feat/plan-made", sha: "c".repeat(40) },
  });
  const hook = await request.post("/api/v1/webhooks/github", {
    headers: {
      "content-type": "application/json",
      "x-github-event": "pull_request",
      "x-github-delivery": "e2e-plan-pr-77",
      "x-hub-signature-256": await sign(E2E_GITHUB_SECRET, payload),
    },
    data: payload,
  });
  expect(await hook.json()).toMatchObject({ status: "stored", state: "merged" });
  // 28 September: nobody else used the plan, so its whole day ($90 ÷ 30 = $3.00) goes to these two calls, 2 : 3.
  const call = {
    provider: "anthropic",
    model: "claude-sonnet-4-5",
    surface: "plan",
    plan: "E2E Claude Team",
    repo: "acme/e2e-web",
    pr: 77,
  };
  const events = [
    {
      ...call,
      id: "e2e-plan-pr-1",
      timestamp: "2026-09-28T10:00:00Z",
      workflow: "planning",
      cost_usd: "0.40",
      input_tokens: 4000,
      output_tokens: 400,
    },
    {
      ...call,
      id: "e2e-plan-pr-2",
      timestamp: "2026-09-28T11:00:00Z",
      workflow: "codegen",
      cost_usd: "0.60",
      input_tokens: 6000,
      output_tokens: 600,
    },
  ];
  expect(await (await request.post("/api/v1/events", { headers: auth, data: { events } })).json()).toMatchObject({ accepted: 2 });

  await page.setViewportSize({ width: 1440, height: 1000 });
  await page.goto("/pull-requests?from=2026-09-01&to=2026-09-30");
  const row = page.getByRole("table", { name: "Pull requests" }).locator("tbody tr").filter({ hasText: "Plan-made feature" });
  await expect(row).toContainText("$3.00"); // effective, the default measure
  await expect(row).toContainText("$0.00"); // metered
  await row.getByRole("link", { name: "Plan-made feature" }).click();
  await expect(page.getByRole("heading", { name: "Plan-made feature", level: 1 })).toBeVisible();
  const totals = page.getByRole("region", { name: "Pull request totals" });
  await expect(totals).toContainText("Effective cost");
  await expect(totals).toContainText("$3.00");
  const steps = page.getByRole("region", { name: "Effective cost by workflow step" }).getByRole("row");
  await expect(steps.nth(1)).toContainText("codegen");
  await expect(steps.nth(1)).toContainText("$1.80");
  await page.screenshot({ path: "test-results/pull-request-on-plan.png", fullPage: true });
  // The same page in metered cost: the plan's calls cost nothing when made.
  await page.getByRole("navigation", { name: "Money measure" }).getByRole("link", { name: "Metered" }).click();
  await expect(page).toHaveURL(/measure=cost/);
  const metered = page.getByRole("region", { name: "Pull request totals" });
  await expect(metered).toContainText("Metered cost");
  await expect(metered).toContainText("$0.00");
  await expect(metered).toContainText("Effective $3.00"); // the other measures, beside it

  const api = await request.get("/api/v1/pull-requests?from=2026-09-01&to=2026-09-30&repo=acme/e2e-web", { headers: auth });
  expect((await api.json()).rows).toEqual([
    expect.objectContaining({ number: 77, cost_usd: "0.0000000000", list_cost_usd: "1.0000000000", effective_cost_usd: "3.0000000000" }),
  ]);
});
