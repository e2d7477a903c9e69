import { expect, test } from "@playwright/test";
import { startWebhookReceiver } from "../scripts/test/webhook-receiver";
import { E2E_API_KEY } from "./support/constants";

// Runs in its own Playwright project after every other spec: it adds spend today, which would change their totals.
test("a budget from Settings: spend crosses 50 %, the webhook gets the alert after a retry, Alerts and the Overview show it", async ({
  page,
  request,
}) => {
  const receiver = await startWebhookReceiver({ failFirst: 1 });
  try {
    await page.setViewportSize({ width: 1440, height: 1000 });
    await page.goto("/settings/budgets");
    await expect(page.getByRole("navigation", { name: "Settings" }).getByRole("link", { name: "Budgets" })).toBeVisible();
    await expect(page.getByText("No budgets yet.")).toBeVisible();

    // A refused submit keeps what was typed and names the field.
    await page.getByLabel("Name").fill("E2E agents");
    await page.getByLabel("Amount (USD)").fill("ten");
    await page.getByRole("button", { name: "Create budget" }).click();
    await expect(page.getByText(/must be a decimal amount in USD/)).toBeVisible();
    await expect(page.getByLabel("Name")).toHaveValue("E2E agents");

    await page.getByLabel("Amount (USD)").fill("10");
    await page.getByLabel("Period").selectOption("day");
    await page.getByLabel("Filter 1 dimension").selectOption("team");
    await page.getByLabel("Filter 1 value").fill("e2e-alerts");
    await page.getByLabel("Webhook URL (Slack-compatible)").fill(receiver.url);
    await page.getByRole("button", { name: "Create budget" }).click();
    await expect(page.getByRole("status").filter({ hasText: "Budget E2E agents created." })).toBeVisible();
    const budgetRow = page.getByRole("row", { name: /E2E agents/ });
    await expect(budgetRow).toContainText("team=e2e-alerts");
    await expect(budgetRow).toContainText("$0.00");
    await expect(budgetRow).toContainText("50 % · 80 % · 100 %");
    await expect(budgetRow).toContainText("http://127.0.0.1:"); // masked: host only
    await expect(budgetRow).not.toContainText("/hook");

    const sent = await request.post("/api/v1/events", {
      headers: { authorization: `Bearer ${E2E_API_KEY}` },
      data: {
        events: [
          {
            id: "e2e-budget-1",
            timestamp: new Date().toISOString(),
            provider: "openai",
            model: "gpt-4.1",
            input_tokens: 1000,
            output_tokens: 100,
            cost_usd: "6",
            team: "e2e-alerts",
          },
        ],
      },
    });
    expect(await sent.json()).toMatchObject({ accepted: 1 });

    const check = await request.get("/api/v1/budgets/check?team=e2e-alerts&agent=any", {
      headers: { authorization: `Bearer ${E2E_API_KEY}` },
    });
    expect(await check.json()).toMatchObject({ allowed: true, budgets: [{ name: "E2E agents", spent_usd: "6.0000000000", percent: 60 }] });

    // The evaluator runs every 2 s here; the first POST fails, the retry 1 s later succeeds.
    await page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Alerts" }).click();
    await expect(page.getByRole("heading", { name: "Alerts", level: 1 })).toBeVisible();
    const alertRow = page.getByRole("row", { name: /Budget "E2E agents" reached 50 %/ });
    await expect(async () => {
      await page.reload();
      await expect(alertRow).toContainText("Delivered", { timeout: 1000 });
    }).toPass({ timeout: 30_000 });
    await expect(alertRow).toContainText("Budget 50 %");
    await expect(alertRow).toContainText("2 attempts");
    expect(receiver.statuses).toEqual([500, 200]);
    expect(receiver.posts[1]).toMatchObject({ budget: "E2E agents", threshold: 50, percent: 60, spend: "6.0000000000" });
    await page.screenshot({ path: "test-results/alerts-1440.png", fullPage: true });

    await page.getByLabel("Kind").selectOption("anomaly");
    await page.getByRole("button", { name: "Apply" }).click();
    await expect(page).toHaveURL(/kind=anomaly/);
    await expect(alertRow).toBeHidden();
    await page.getByLabel("Kind").selectOption("budget");
    await page.getByLabel("Delivery").selectOption("delivered");
    await page.getByRole("button", { name: "Apply" }).click();
    await expect(alertRow).toBeVisible();
    await page.getByLabel("Delivery").selectOption("failed");
    await page.getByRole("button", { name: "Apply" }).click();
    await expect(page.getByText("No alerts match these filters.")).toBeVisible();

    await page.goto("/");
    const strip = page.getByRole("region", { name: "Budgets and anomalies" });
    await expect(strip).toContainText("E2E agents");
    await expect(strip).toContainText("$6.00 / $10.00 · 60 %");
    await page.screenshot({ path: "test-results/overview-strip-1440.png", fullPage: true });

    // Raising the amount mid-period: the figures follow; the 50 % alert stays the only one.
    await page.goto("/settings/budgets");
    await page.getByRole("textbox", { name: "Amount of E2E agents" }).fill("100");
    await page.getByRole("button", { name: "Save amount of E2E agents" }).click();
    await expect(budgetRow).toContainText("6.0 %");
    await page.screenshot({ path: "test-results/budgets-1440.png", fullPage: true });

    page.once("dialog", (d) => d.accept());
    await page.getByRole("button", { name: "Delete E2E agents" }).click();
    await expect(page.getByText("No budgets yet.")).toBeVisible();
    await page.goto("/alerts");
    await expect(page.getByRole("row", { name: /Budget "E2E agents" reached 50 %/ })).toBeVisible(); // history stays
  } finally {
    await receiver.close();
  }
});
