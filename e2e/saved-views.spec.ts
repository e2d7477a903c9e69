import { readFileSync } from "node:fs";
import { expect, test } from "@playwright/test";
import { E2E_API_KEY } from "./support/constants";

// A window of its own, before the Spend explorer spec's, with a team nobody else sends.
const day = (offset: number) => new Date(Date.now() - offset * 86_400_000).toISOString().slice(0, 10);
const FROM = day(160);
const TO = day(150);
const TEAM = "e2e-views";
const EVENTS = [
  { model: "gpt-4o", cost_usd: "3.25" },
  { model: "gpt-4o", cost_usd: "1.5" },
  { model: "gpt-4o-mini", cost_usd: "0.125" },
].map((e, i) => ({
  id: `e2e-views-${i}`,
  timestamp: `${day(158 - i)}T10:00:00Z`,
  provider: "openai",
  team: TEAM,
  environment: "production",
  input_tokens: 1000,
  output_tokens: 100,
  ...e,
}));
const NAME = "Views team by model";

test("save an explorer view, find it in the nav, download it as CSV, delete it", async ({ page, request }) => {
  const res = await request.post("/api/v1/events", { headers: { authorization: `Bearer ${E2E_API_KEY}` }, data: { events: EVENTS } });
  expect(await res.json()).toMatchObject({ accepted: EVENTS.length });
  await page.setViewportSize({ width: 1440, height: 1000 });
  const nav = page.getByRole("navigation", { name: "Main" });
  const rows = page.getByRole("table", { name: /^Spend by/ }).locator("tbody tr");

  await page.goto(`/spend?from=${FROM}&to=${TO}&group_by=model&team=${TEAM}&measure=cost`);
  await expect(page.getByRole("heading", { name: "Spend by model", level: 1 })).toBeVisible();
  await expect(rows).toHaveCount(2);

  // Download CSV: the view as it is on screen, header and rows in exact decimals.
  const [download] = await Promise.all([page.waitForEvent("download"), page.getByRole("link", { name: "Download CSV" }).click()]);
  expect(download.suggestedFilename()).toBe(`burnrate-spend-model-${FROM}-${TO}.csv`);
  const lines = readFileSync((await download.path()) as string, "utf8")
    .trim()
    .split("\n");
  expect(lines[0]).toMatch(/^model,unused_plan_fee,requests,tokens,.*,cost_usd,list_cost_usd,effective_cost_usd,cost_per_request_usd,/);
  expect(lines).toHaveLength(3);
  expect(lines[1]).toMatch(/^gpt-4o,false,2,2200,2000,200,0,0,4\.7500000000,/);

  // Save it: it is listed in the nav under the explorer, and the page says it is that saved view.
  await page.getByRole("button", { name: "Save view" }).click();
  await page.getByRole("textbox", { name: "View name" }).fill(`  ${NAME}  `);
  await page.getByRole("button", { name: "Save", exact: true }).click();
  await expect(page.getByText(`Saved view: ${NAME}`)).toBeVisible();
  await expect(nav.getByRole("link", { name: NAME })).toBeVisible();
  await page.screenshot({ path: "test-results/saved-views-1440.png", fullPage: true });

  // A second view under the same name (any case) is refused with a clear message.
  await page.goto(`/spend?from=${FROM}&to=${TO}&group_by=team&team=${TEAM}`);
  await page.getByRole("button", { name: "Save view" }).click();
  await page.getByRole("textbox", { name: "View name" }).fill(NAME.toUpperCase());
  await page.getByRole("button", { name: "Save", exact: true }).click();
  await expect(page.getByRole("alert").filter({ hasText: "already exists" })).toContainText(`A saved view named "${NAME.toUpperCase()}"`);

  // Opening it from the nav shows the same grouping, filters and period.
  await nav.getByRole("link", { name: NAME }).click();
  await expect(page).toHaveURL(new RegExp(`group_by=model.*measure=cost.*team=${TEAM}`));
  await expect(page.getByRole("heading", { name: "Spend by model", level: 1 })).toBeVisible();
  await expect(rows).toHaveCount(2);
  await expect(rows.nth(0)).toContainText("gpt-4o");
  await expect(rows.nth(0)).toContainText("$4.75");
  await expect(nav.getByRole("link", { name: NAME })).toHaveAttribute("aria-current", "page");

  // Delete it (after confirming): gone from the nav for everyone.
  page.once("dialog", (dialog) => void dialog.accept());
  await page.getByRole("button", { name: `Delete saved view ${NAME}` }).click();
  await expect(nav.getByRole("link", { name: NAME })).toHaveCount(0);
  await expect(page.getByRole("button", { name: "Save view" })).toBeVisible();

  // A view grouped two levels deep is the current nav item on its page (its whole grouping matches, not a shortcut's).
  const nested = "Views team then model";
  await page.goto(`/spend?from=${FROM}&to=${TO}&group_by=team,model&team=${TEAM}`);
  await page.getByRole("button", { name: "Save view" }).click();
  await page.getByRole("textbox", { name: "View name" }).fill(nested);
  await page.getByRole("button", { name: "Save", exact: true }).click();
  await expect(page.getByText(`Saved view: ${nested}`)).toBeVisible();
  await expect(nav.getByRole("link", { name: nested })).toHaveAttribute("aria-current", "page");
  page.once("dialog", (dialog) => void dialog.accept());
  await page.getByRole("button", { name: `Delete saved view ${nested}` }).click();
  await expect(nav.getByRole("link", { name: nested })).toHaveCount(0);
});
