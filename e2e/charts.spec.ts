import { expect, type Page, test } from "@playwright/test";
import { E2E_API_KEY } from "./support/constants";

// Runs in its own Playwright project after every other spec: it adds spend today, which would change their totals.
const today = new Date().toISOString().slice(0, 10);
const EVENTS = [
  { model: "chart-a", cost_usd: "5.00" },
  { model: "chart-b", cost_usd: "2.00" },
].map((e, i) => ({
  id: `e2e-charts-${i}`,
  timestamp: new Date(Date.now() - 60_000).toISOString(),
  provider: "e2e-charts",
  input_tokens: 1000,
  output_tokens: 100,
  ...e,
}));
const dayMonth = new Intl.DateTimeFormat("en-GB", { day: "numeric", month: "short", timeZone: "UTC" }).format(
  new Date(`${today}T00:00:00Z`),
);

const bodyRows = (page: Page) => page.getByRole("table", { name: /^Spend by/ }).locator("tbody tr");

test("chart legends and segments drill into the explorer; today's bar is marked partial", async ({ page, request }) => {
  const res = await request.post("/api/v1/events", { headers: { authorization: `Bearer ${E2E_API_KEY}` }, data: { events: EVENTS } });
  expect(await res.json()).toMatchObject({ accepted: EVENTS.length });

  await page.setViewportSize({ width: 1440, height: 900 });
  await page.goto("/");
  const daily = page.getByRole("region", { name: "Daily spend, last 30 days" });
  const legend = daily.getByRole("list", { name: "Series" });
  const entry = legend.getByRole("listitem").filter({ hasText: "e2e-charts" });
  await expect(entry).toContainText("$7.00");
  // Today is still running: its bar is hatched and the chart says so, in text and in the bar's tooltip.
  await expect(daily.getByText(`Partial day: ${dayMonth} (today so far)`)).toBeVisible();
  // The tooltip follows the pointer's x: the right edge of the plot is today.
  const plot = await daily.locator(".recharts-cartesian-grid").boundingBox();
  if (!plot) throw new Error("the chart has no plot area");
  await page.mouse.move(plot.x + plot.width - 6, plot.y + plot.height / 2);
  await expect(daily.locator(".recharts-tooltip-wrapper")).toContainText(`${dayMonth} · partial: today so far`);
  await page.screenshot({ path: "test-results/charts-overview-1440.png", fullPage: true });

  // The legend is links, reachable with the keyboard: the explorer over the chart's 30 days, filtered by the provider.
  await entry.getByRole("link", { name: "e2e-charts" }).focus();
  await page.keyboard.press("Enter");
  await expect(page).toHaveURL(/\/spend\?.*provider=e2e-charts/);
  await expect(page).toHaveURL(new RegExp(`to=${today}.*group_by=provider`));
  await expect(page.getByRole("heading", { name: "Spend by provider", level: 1 })).toBeVisible();
  await expect(bodyRows(page)).toHaveCount(1);
  await expect(bodyRows(page).nth(0)).toContainText("e2e-charts");
  await expect(bodyRows(page).nth(0)).toContainText("$7.00");

  // On the explorer, a legend entry drills from the current view: the model filter joins the provider filter.
  await page.goto("/spend?group_by=model&provider=e2e-charts");
  const overTime = page.getByRole("region", { name: "Model over time" });
  await expect(overTime.getByRole("list", { name: "Series" }).getByRole("listitem")).toHaveText(["chart-a", "chart-b"]);
  await overTime.getByRole("link", { name: "chart-a" }).click();
  await expect(page).toHaveURL(/model=chart-a/);
  await expect(page).toHaveURL(/provider=e2e-charts/);
  await expect(bodyRows(page)).toHaveCount(1);
  await expect(bodyRows(page).nth(0)).toContainText("$5.00");

  // A click on chart-b's segment of today's bar: that model, that day.
  await page.goto("/spend?group_by=model&provider=e2e-charts");
  await overTime.locator(".recharts-bar").nth(1).locator(".recharts-bar-rectangle path").click();
  await expect(page).toHaveURL(new RegExp(`from=${today}&to=${today}`));
  await expect(page).toHaveURL(/model=chart-b/);
  await expect(bodyRows(page)).toHaveCount(1);
  await expect(bodyRows(page).nth(0)).toContainText("chart-b");
  await expect(bodyRows(page).nth(0)).toContainText("$2.00");
});
