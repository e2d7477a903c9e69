import { expect, type Page, test } from "@playwright/test";
import { E2E_API_KEY } from "./support/constants";

// A window of its own, well before this month, so other specs' events (sent "now") stay out of it.
const day = (offset: number) => new Date(Date.now() - offset * 86_400_000).toISOString().slice(0, 10);
const FROM = day(130);
const TO = day(120);
const at = (date: string, hour: number) => `${date}T${String(hour).padStart(2, "0")}:00:00Z`;

const EVENTS = [
  { model: "gpt-4o", team: "platform", environment: "production", cost_usd: "10.00", day: day(128), session: "e2e-explorer-run" },
  { model: "gpt-4o", team: "platform", environment: "staging", cost_usd: "2.50", day: day(127), session: "e2e-explorer-run" },
  { model: "claude-sonnet-4-5", team: "growth", environment: "production", cost_usd: "4.00", day: day(126), provider: "anthropic" },
  { model: "claude-sonnet-4-5", team: "growth", environment: "staging", cost_usd: "1.25", day: day(125), provider: "anthropic" },
  { model: "claude-sonnet-4-5", team: "growth", environment: "staging", cost_usd: "0.75", day: day(124), provider: "anthropic" },
  { model: "gpt-4o-mini", team: "platform", environment: "production", cost_usd: "0.30", day: day(123), repo: "acme/api" },
].map((e, i) => ({
  id: `e2e-spend-${i}`,
  timestamp: at(e.day, 9 + i),
  provider: e.provider ?? "openai",
  model: e.model,
  team: e.team,
  environment: e.environment,
  input_tokens: 1000 * (i + 1),
  output_tokens: 100,
  cost_usd: e.cost_usd,
  ...(e.session ? { session: e.session } : {}),
  ...(e.repo ? { repo: e.repo } : {}),
}));

const table = (page: Page) => page.getByRole("table", { name: /^Spend by/ });
const bodyRows = (page: Page) => table(page).locator("tbody tr");

test("the Spend explorer: filters live in the URL, the table and chart follow, rows drill down", async ({ page, request }) => {
  const res = await request.post("/api/v1/events", { headers: { authorization: `Bearer ${E2E_API_KEY}` }, data: { events: EVENTS } });
  expect(await res.json()).toMatchObject({ accepted: EVENTS.length });

  await page.setViewportSize({ width: 1440, height: 1000 });
  await page.goto(`/spend?from=${FROM}&to=${TO}`);
  await expect(page.getByRole("heading", { name: "Spend by team", level: 1 })).toBeVisible();
  await expect(bodyRows(page)).toHaveCount(2);
  await expect(bodyRows(page).nth(0)).toContainText("platform");
  await expect(bodyRows(page).nth(0)).toContainText("$12.80");
  await expect(bodyRows(page).nth(1)).toContainText("growth");
  await expect(bodyRows(page).nth(1)).toContainText("$6.00");
  await expect(page.getByRole("region", { name: "Totals" })).toContainText("$18.80");
  const chart = page.getByRole("region", { name: "Team over time" });
  await expect(chart.getByRole("list", { name: "Series" }).getByRole("listitem")).toHaveText(["platform", "growth"]);

  // The table agrees with GET /api/v1/spend, which the page links to (with the session's cookie).
  const api = await page.request.get(`/api/v1/spend?from=${FROM}&to=${TO}&group_by=team`);
  expect((await api.json()).totals.cost_usd).toBe("18.8000000000");

  // Group by model: the URL changes, and with it the heading, the table and the chart.
  await page.getByLabel("Group by", { exact: true }).selectOption("model");
  await expect(page).toHaveURL(/group_by=model/);
  await expect(page.getByRole("heading", { name: "Spend by model", level: 1 })).toBeVisible();
  await expect(bodyRows(page)).toHaveCount(3);
  await expect(
    page.getByRole("region", { name: "Model over time" }).getByRole("list", { name: "Series" }).getByRole("listitem"),
  ).toHaveText(["gpt-4o", "claude-sonnet-4-5", "gpt-4o-mini"]);

  // An environment filter narrows everything on the page.
  await page.getByLabel("Environment", { exact: true }).selectOption("staging");
  await expect(page).toHaveURL(/environment=staging/);
  await expect(page.getByRole("region", { name: "Totals" })).toContainText("$4.50");
  await expect(bodyRows(page)).toHaveCount(2);
  await expect(bodyRows(page).nth(0)).toContainText("gpt-4o");
  await expect(bodyRows(page).nth(0)).toContainText("$2.50");

  // Sorting is table state in the URL too: by requests, claude (2 calls) comes first.
  await table(page).getByRole("button", { name: "Requests", exact: true }).click();
  await expect(page).toHaveURL(/sort=requests\.desc/);
  await expect(bodyRows(page).nth(0)).toContainText("claude-sonnet-4-5");

  // The view is a link: loading it afresh shows the same thing.
  await page.reload();
  await expect(page.getByRole("heading", { name: "Spend by model", level: 1 })).toBeVisible();
  await expect(bodyRows(page).nth(0)).toContainText("claude-sonnet-4-5");
  await page.screenshot({ path: "test-results/spend-1440.png", fullPage: true });

  // Drill down: the row's model becomes a filter and the explorer groups by the next dimension (team).
  await bodyRows(page).nth(0).getByRole("cell").nth(2).click();
  await expect(page).toHaveURL(/model=claude-sonnet-4-5/);
  await expect(page.getByRole("heading", { name: "Spend by team", level: 1 })).toBeVisible();
  await expect(page.getByText("Model:")).toBeVisible();
  await expect(bodyRows(page)).toHaveCount(1);
  await expect(bodyRows(page).nth(0)).toContainText("growth");
  await expect(bodyRows(page).nth(0)).toContainText("$2.00");

  // Remove the filters; group by session and open the run: its calls with a running total.
  await page.getByRole("button", { name: "Clear filters" }).click();
  await expect(page).not.toHaveURL(/environment=/);
  await page.getByLabel("Group by", { exact: true }).selectOption("session");
  await expect(page.getByRole("heading", { name: "Spend by session", level: 1 })).toBeVisible();
  await table(page).getByRole("link", { name: "e2e-explorer-run" }).click();
  await expect(page.getByRole("heading", { name: "e2e-explorer-run", level: 1 })).toBeVisible();
  await expect(page.getByRole("region", { name: "Calls in order" }).getByRole("row").nth(2)).toContainText("$12.50");

  // Nav shortcuts: spend by repo is one click.
  await page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "By repo" }).click();
  await expect(page).toHaveURL(/\/spend\?group_by=repo$/);
  await expect(page.getByRole("heading", { name: "Spend by repository", level: 1 })).toBeVisible();
  await expect(page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "By repo" })).toHaveAttribute(
    "aria-current",
    "page",
  );

  // Laptop width: the same view still reads (screenshot checked by eye).
  await page.setViewportSize({ width: 1024, height: 900 });
  await page.goto(`/spend?from=${FROM}&to=${TO}&group_by=team,model`);
  await expect(bodyRows(page)).toHaveCount(3);
  await page.screenshot({ path: "test-results/spend-1024.png", fullPage: true });
});

test("a malformed explorer link is explained, not an error page", async ({ page }) => {
  await page.goto("/spend?group_by=colour&from=2026-02-30");
  await expect(page.getByRole("alert").filter({ hasText: "does not exist" })).toContainText("is not a calendar date");
  await page.getByRole("link", { name: "Start over with this month by team" }).click();
  await expect(page.getByRole("heading", { name: "Spend by team", level: 1 })).toBeVisible();
});
