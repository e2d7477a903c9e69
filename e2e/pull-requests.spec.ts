import { expect, test } from "@playwright/test";
import { MERGED_PR_BODY, MERGED_PR_DELIVERY, MERGED_PR_SIGNATURE } from "../scripts/test/github-fixtures";
import { E2E_API_KEY } from "./support/constants";

// The spec's fixture: acme/widgets#42 "Add spend alerts", branch feat/spend-alerts, merged 20 Aug 2026.
const AUGUST = "from=2026-08-01&to=2026-08-31";

test("a signed GitHub delivery and tagged agent calls become cost per merged PR, down to the calls", async ({ page, request }) => {
  const hook = await request.post("/api/v1/webhooks/github", {
    headers: {
      "content-type": "application/json",
      "x-github-event": "pull_request",
      "x-github-delivery": MERGED_PR_DELIVERY,
      "x-hub-signature-256": MERGED_PR_SIGNATURE,
    },
    data: MERGED_PR_BODY,
  });
  expect(await hook.json()).toMatchObject({ status: "stored", state: "merged" });

  const base = {
    provider: "anthropic",
    model: "claude-sonnet-4-5",
    repo: "acme/widgets",
    session: "e2e-pr-run",
    input_tokens: 5000,
    output_tokens: 500,
  };
  const events = [
    // On the branch before the PR existed: joins by branch.
    { ...base, id: "e2e-pr-1", timestamp: "2026-08-17T10:00:00Z", branch: "feat/spend-alerts", workflow: "planning", cost_usd: "0.40" },
    { ...base, id: "e2e-pr-2", timestamp: "2026-08-19T10:00:00Z", pr: 42, workflow: "codegen", tool: "bash", cost_usd: "2.10" },
    { ...base, id: "e2e-pr-3", timestamp: "2026-08-20T09:00:00Z", pr: 42, workflow: "review", session: "e2e-review", cost_usd: "0.50" },
  ];
  const res = await request.post("/api/v1/events", { headers: { authorization: `Bearer ${E2E_API_KEY}` }, data: { events } });
  expect(await res.json()).toMatchObject({ accepted: 3 });

  await page.setViewportSize({ width: 1440, height: 1000 });
  await page.goto(`/pull-requests?${AUGUST}`);
  await expect(page.getByRole("heading", { name: "Pull requests", level: 1 })).toBeVisible();
  const summary = page.getByRole("region", { name: "Summary" });
  await expect(summary).toContainText("$3.00"); // cost per merged PR: 0.40 + 2.10 + 0.50 over one PR
  await expect(summary).toContainText("1 merged");
  const row = page.getByRole("table", { name: "Pull requests" }).locator("tbody tr").filter({ hasText: "Add spend alerts" });
  await expect(row).toContainText("merged");
  await expect(row).toContainText("$3.00");
  await page.screenshot({ path: "test-results/pull-requests-1440.png", fullPage: true });

  // The API agrees with the screen.
  const api = await page.request.get(`/api/v1/pull-requests?${AUGUST}&repo=acme/widgets`);
  expect((await api.json()).summary).toEqual({
    merged: 1,
    closed: 0,
    cost_per_merged_pr_usd: "3.0000000000",
    abandoned_cost_usd: "0.0000000000",
    // No plan in August: effective is metered; these calls were priced at list.
    effective_cost_per_merged_pr_usd: "3.0000000000",
    effective_abandoned_cost_usd: "0.0000000000",
    list_cost_per_merged_pr_usd: "3.0000000000",
    list_abandoned_cost_usd: "0.0000000000",
  });

  await row.getByRole("link", { name: "Add spend alerts" }).click();
  await expect(page).toHaveURL(/\/pull-requests\/acme\/widgets\/42$/);
  await expect(page.getByRole("heading", { name: "Add spend alerts", level: 1 })).toBeVisible();
  const steps = page.getByRole("region", { name: "Effective cost by workflow step" }).getByRole("row");
  await expect(steps.nth(1)).toContainText("codegen");
  await expect(steps.nth(1)).toContainText("70.0%");
  const calls = page.getByRole("region", { name: "Calls in order" }).getByRole("row");
  await expect(calls).toHaveCount(4);
  await expect(calls.nth(3)).toContainText("$3.00");
  await page.setViewportSize({ width: 1024, height: 900 });
  await page.screenshot({ path: "test-results/pull-request-1024.png", fullPage: true });
  await page.getByRole("region", { name: "Sessions that fed it" }).getByRole("link", { name: "e2e-pr-run" }).click();
  await expect(page.getByRole("heading", { name: "e2e-pr-run", level: 1 })).toBeVisible();
});
