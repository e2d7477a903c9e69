import { expect, test } from "@playwright/test";
import { E2E_API_KEY } from "./support/constants";

test("the Overview shows this month's spend and the events sent to the ingest API, by model", async ({ page, request }) => {
  const now = new Date().toISOString();
  const res = await request.post("/api/v1/events", {
    headers: { authorization: `Bearer ${E2E_API_KEY}` },
    data: {
      events: [
        {
          id: "e2e-1",
          timestamp: now,
          provider: "openai",
          model: "gpt-4o",
          input_tokens: 1000,
          output_tokens: 100,
          cost_usd: "12.50",
          session: "e2e-agent-run",
        },
        {
          id: "e2e-2",
          timestamp: now,
          provider: "anthropic",
          model: "claude-sonnet-4-5",
          input_tokens: 2000,
          output_tokens: 200,
          cost_usd: "7.25",
          session: "e2e-agent-run",
        },
        { id: "e2e-3", timestamp: now, provider: "acme", model: "in-house-llm", input_tokens: 10, output_tokens: 10 },
        // A Claude Code call on a paid plan: no metered cost, but $3 at API prices.
        {
          id: "e2e-4",
          timestamp: now,
          provider: "anthropic",
          model: "claude-sonnet-4-5",
          surface: "plan",
          plan: "Claude Team",
          input_tokens: 9000,
          output_tokens: 900,
          cost_usd: "3",
        },
      ],
    },
  });
  expect(res.status()).toBe(200);
  expect(await res.json()).toMatchObject({ accepted: 4 });

  await page.goto("/");
  await expect(page.getByRole("heading", { name: "Overview", level: 1 })).toBeVisible();
  await expect(page.getByRole("region", { name: "This month", exact: true }).getByText("$19.75")).toBeVisible();
  await expect(page.getByRole("region", { name: "Today", exact: true }).getByText("$19.75")).toBeVisible();
  await expect(page.getByRole("region", { name: "Unit costs" }).getByText("$3.00")).toBeVisible();
  // The chart drew today's stack (a bar per provider with spend).
  await expect(
    page.getByRole("region", { name: "Daily spend, last 30 days" }).locator(".recharts-bar-rectangle path").first(),
  ).toBeVisible();

  const table = page.getByRole("table");
  const rows = table.getByRole("row");
  await expect(rows.nth(1)).toContainText("gpt-4o");
  await expect(rows.nth(1)).toContainText("$12.50");
  await expect(rows.nth(2)).toContainText("claude-sonnet-4-5");
  await expect(rows.nth(2)).toContainText("$7.25");
  await expect(rows.nth(2)).toContainText("$10.25"); // list cost includes the plan call

  const unpriced = page.getByRole("region", { name: "Unpriced models" });
  await expect(unpriced).toContainText("acme/in-house-llm");
  await page.screenshot({ path: "test-results/overview.png", fullPage: true });

  // The session both calls belong to is the most expensive one; its page lists the calls with a running total.
  const sessions = page.getByRole("region", { name: "Most expensive sessions this month" });
  await sessions.getByRole("link", { name: "e2e-agent-run" }).click();
  await expect(page.getByRole("heading", { name: "e2e-agent-run", level: 1 })).toBeVisible();
  await expect(page.getByRole("region", { name: "Session totals" })).toContainText("$19.75");
  const calls = page.getByRole("region", { name: "Calls in order" }).getByRole("row");
  await expect(calls).toHaveCount(3);
  await expect(calls.nth(2)).toContainText("$19.75");
  await page.screenshot({ path: "test-results/session.png", fullPage: true });
});
