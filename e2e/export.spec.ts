import { readFile } from "node:fs/promises";
import { expect, test } from "@playwright/test";
import Big from "big.js";
import { parse } from "csv-parse/sync";
import { E2E_API_KEY } from "./support/constants";

// June 2026 is this spec's own month: no other spec sends events for June or July.
const send = async (request: import("@playwright/test").APIRequestContext, events: object[]) => {
  const res = await request.post("/api/v1/events", { headers: { authorization: `Bearer ${E2E_API_KEY}` }, data: { events } });
  expect(await res.json()).toMatchObject({ accepted: events.length });
};
const event = (id: string, day: string, cost: string, extra: object = {}) => ({
  id,
  timestamp: `2026-06-${day}T12:00:00Z`,
  provider: "openai",
  model: "gpt-4.1",
  input_tokens: 1000,
  output_tokens: 100,
  cost_usd: cost,
  team: "platform",
  ...extra,
});

test("finance sees the month's totals, downloads a CSV that adds up, closes the month, and a late event becomes an adjustment", async ({
  page,
  request,
}) => {
  await send(request, [
    event("e2e-x-1", "03", "1.25"),
    event("e2e-x-2", "03", "2.50", { team: '=HYPERLINK("x")' }),
    event("e2e-x-3", "20", "0.25", { provider: "anthropic", model: "claude-sonnet-4-5" }),
  ]);

  await page.setViewportSize({ width: 1440, height: 1000 });
  await page.goto("/export?month=2026-06");
  await expect(page.getByRole("heading", { name: "Export", level: 1 })).toBeVisible();
  await expect(page.getByRole("heading", { name: "June 2026" })).toBeVisible();
  await expect(page.getByText("$4.0000", { exact: true }).first()).toBeVisible();
  const byProvider = page.getByRole("table").filter({ hasText: "anthropic" }).first();
  await expect(byProvider).toContainText("openai");
  await expect(byProvider).toContainText("93.8%");

  const [download] = await Promise.all([page.waitForEvent("download"), page.getByRole("link", { name: /CSV by day/ }).click()]);
  expect(download.suggestedFilename()).toBe("burnrate-2026-06.csv");
  // The other three are named by format and granularity, so a month's four files do not overwrite each other.
  for (const [link, name] of [
    [/CSV, every event/, "burnrate-2026-06-events.csv"],
    [/FOCUS 1.2 by day/, "burnrate-2026-06-focus.csv"],
    [/FOCUS 1.2, every event/, "burnrate-2026-06-focus-events.csv"],
  ] as const) {
    const [file] = await Promise.all([page.waitForEvent("download"), page.getByRole("link", { name: link }).click()]);
    expect(file.suggestedFilename()).toBe(name);
  }
  const rows: Record<string, string>[] = parse(await readFile((await download.path()) as string, "utf8"), { columns: true });
  expect(rows.reduce((s, r) => s.plus(r.cost_usd as string), new Big(0)).toFixed(10)).toBe("4.0000000000");
  expect(rows.map((r) => r.team)).toContain('\'=HYPERLINK("x")');

  page.once("dialog", (d) => d.accept());
  await page.getByRole("button", { name: "Close month" }).click();
  await expect(page.getByRole("status").filter({ hasText: "2026-06 is closed" })).toBeVisible();
  await expect(page.getByText(/^Closed .* by /)).toBeVisible();

  // A late event for June: June's figures stay; July's export carries it, flagged.
  await send(request, [event("e2e-x-late", "28", "0.75", { team: "growth" })]);
  await page.reload();
  await expect(page.getByText("$4.0000", { exact: true }).first()).toBeVisible();
  await expect(page.getByRole("status").filter({ hasText: "arrived after it was closed" })).toContainText("1 event ($0.7500)");
  await page.screenshot({ path: "test-results/export-closed-1440.png", fullPage: true });

  await page.getByLabel("Month (UTC)").selectOption("2026-07");
  await page.getByRole("button", { name: "Show" }).click();
  await expect(page.getByRole("heading", { name: "July 2026" })).toBeVisible();
  await expect(page.getByText("late events of 2026-06, included above")).toBeVisible();
  const july = await page.request.get("/api/v1/export?month=2026-07&format=csv");
  const julyRows: Record<string, string>[] = parse(await july.text(), { columns: true });
  expect(julyRows.map((r) => [r.date, r.team, r.cost_source, r.cost_usd])).toEqual([
    ["2026-06-28", "growth", "adjustment", "0.7500000000"],
  ]);

  // Reopening is the admin's, and takes the late event back into June.
  await page.goto("/export?month=2026-06");
  page.once("dialog", (d) => d.accept());
  await page.getByRole("button", { name: "Reopen month" }).click();
  await expect(page.getByRole("status").filter({ hasText: "2026-06 is open again" })).toBeVisible();
  await expect(page.getByText("$4.7500", { exact: true }).first()).toBeVisible();
});
