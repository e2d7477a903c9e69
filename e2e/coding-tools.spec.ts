import { expect, test } from "@playwright/test";
import Big from "big.js";
import { formatUsd } from "../lib/format";
import { generateToolDataset } from "../scripts/test/fake-tools/dataset";
import { E2E_API_KEY, FAKE_COPILOT_PORT, FAKE_CURSOR_PORT, FAKE_TOOL_DATA, FAKE_TOOL_KEYS } from "./support/constants";

// March 2026 is this spec's month: the fakes serve four people's Cursor and Copilot use for it, nobody else sends March events.
const data = generateToolDataset({ ...FAKE_TOOL_DATA, start: new Date(FAKE_TOOL_DATA.start) });
const cents = (list: { chargedCents: string }[]) => list.reduce((s, e) => s.plus(e.chargedCents), new Big(0)).div(100);
const dev0 = data.people[0]!;
const dev0Cursor = data.cursor.filter((e) => e.email === dev0.email);
const cursorMetered = cents(dev0Cursor.filter((e) => e.kind === "Usage-based"));
// Before June 2026 Copilot billed premium requests ($0.04 each), not AI credits ($0.01).
const copilotBilled = new Big(data.copilot.filter((c) => c.login === dev0.login).reduce((s, c) => s + c.credits - c.discounted, 0)).times(
  "0.04",
);
const auth = { authorization: `Bearer ${E2E_API_KEY}` };

test("an admin connects Cursor and Copilot; a person's spend by tool, the seats on Surfaces and the vendors on Reconciliation follow", async ({
  page,
  request,
}) => {
  test.setTimeout(180_000);
  // Dev Zero is one person across both tools: the Cursor email is the person's, the Copilot login an alias.
  const person = await request.post("/api/v1/people", {
    headers: auth,
    data: { name: "Dev Zero", email: dev0.email, aliases: [{ kind: "copilot_login", value: dev0.login }] },
  });
  expect(person.status()).toBe(201);

  await page.goto("/settings/providers");
  const history = page.getByRole("region", { name: "Usage and cost sync" });
  const cursor = page.getByRole("region", { name: "Cursor" });
  await expect(cursor.getByText("Not connected")).toBeVisible();
  await cursor.getByLabel("Cursor Admin API key").fill(FAKE_TOOL_KEYS.cursor);
  await cursor.getByLabel("API base URL (optional)").fill(`http://127.0.0.1:${FAKE_CURSOR_PORT}`);
  await cursor.getByRole("button", { name: "Save key" }).click();
  await expect(cursor.getByText("Key saved (encrypted). The first sync has started.")).toBeVisible();
  await expect(cursor.getByText("Key stored in Settings")).toBeVisible();
  await expect(page.getByText(FAKE_TOOL_KEYS.cursor)).toHaveCount(0);
  await expect(history.getByRole("row").filter({ hasText: "cursor:" }).filter({ hasText: "connect" }).getByText("ok")).toBeVisible({
    timeout: 60_000,
  });

  const copilot = page.getByRole("region", { name: "GitHub Copilot" });
  await copilot.getByLabel("GitHub Copilot token (classic, org owner)").fill(FAKE_TOOL_KEYS.copilot);
  await copilot.getByLabel("Organization").fill(FAKE_TOOL_DATA.org);
  await copilot.getByLabel("API base URL (optional)").fill(`http://127.0.0.1:${FAKE_COPILOT_PORT}`);
  await copilot.getByRole("button", { name: "Save key" }).click();
  await expect(copilot.getByText("Key stored in Settings")).toBeVisible();
  await expect(history.getByRole("row").filter({ hasText: "copilot:" }).filter({ hasText: "connect" }).getByText("ok")).toBeVisible({
    timeout: 90_000,
  });
  await copilot.getByRole("button", { name: "Test connection" }).click();
  await expect(copilot.getByText(/GitHub Copilot answered: the key works/)).toBeVisible();
  // Sync now re-reads the last days of every connected source; the history names each.
  const manualRuns = await history.getByRole("row").filter({ hasText: "manual" }).count();
  await history.getByRole("button", { name: "Sync now" }).click();
  await expect(history.getByRole("row").filter({ hasText: "manual" })).toHaveCount(manualRuns + 1, { timeout: 60_000 });
  await expect(history.getByRole("row").filter({ hasText: "manual" }).first()).toContainText("ok", { timeout: 60_000 });
  await page.screenshot({ path: "test-results/settings-providers-tools.png", fullPage: true });

  // The API agrees to the cent with what the fakes served (metered: Cursor's usage-based, Copilot's credits beyond the pool).
  const spend = await request.get("/api/v1/spend?from=2026-03-01&to=2026-03-31&group_by=person,tool&person=" + dev0.email, {
    headers: auth,
  });
  const rows = (await spend.json()).rows as { tool: string; cost_usd: string }[];
  expect(rows.find((r) => r.tool === "cursor")?.cost_usd).toBe(cursorMetered.toFixed(10));
  expect(rows.find((r) => r.tool === "copilot")?.cost_usd).toBe(copilotBilled.toFixed(10));

  // Per person, by tool, in the explorer.
  await page.goto("/spend?from=2026-03-01&to=2026-03-31&group_by=person,tool&measure=cost");
  const table = page.getByRole("table", { name: /^Spend by/ });
  const dev0Row = table.getByRole("row").filter({ hasText: "Dev Zero" });
  await expect(dev0Row.filter({ hasText: "cursor" })).toContainText(formatUsd(cursorMetered.toFixed()));
  await expect(dev0Row.filter({ hasText: "copilot" })).toContainText(formatUsd(copilotBilled.toFixed()));

  // Seats became plans: Cursor's members and Copilot's seats (one idle), at the vendors' list fees.
  await page.goto("/surfaces?month=2026-03");
  await expect(page.getByRole("article", { name: "Cursor Teams" })).toContainText("4 seats × $40.00 = $160 this month");
  await expect(page.getByRole("article", { name: "GitHub Copilot Business" })).toContainText("5 seats × $19.00 = $95.00 this month");
  await expect(page.getByRole("article", { name: "GitHub Copilot Business" })).toContainText("4 of 5");
  await page.screenshot({ path: "test-results/surfaces-tools.png", fullPage: true });

  // Reconciliation: each day's vendor charges against the metered spend, then who spent a day.
  await page.goto("/reconciliation?month=2026-03");
  const tools = page.getByRole("region", { name: "Coding tools" });
  const day = "2026-03-02";
  const dayCursor = data.cursor.filter((e) => new Date(e.ms).toISOString().startsWith(day) && e.kind === "Usage-based");
  await expect(tools.getByRole("row").filter({ hasText: day }).filter({ hasText: "Cursor" })).toContainText(
    formatUsd(cents(dayCursor).toFixed()),
  );
  // Copilot's premium requests are charged as the per-user reports price them: no day is off.
  await expect(tools.locator("[data-over-threshold]")).toHaveCount(0);
  await tools.screenshot({ path: "test-results/reconciliation-tools.png" });
  await tools.getByRole("row").filter({ hasText: day }).filter({ hasText: "Cursor" }).getByRole("link", { name: day }).click();
  await expect(page).toHaveURL(/day=2026-03-02/);
  await expect(tools.getByRole("heading", { name: /By person, / })).toBeVisible();
  await expect(tools.getByRole("row").filter({ hasText: dev0.email }).filter({ hasText: "Cursor" })).toContainText(
    formatUsd(cents(dayCursor.filter((e) => e.email === dev0.email)).toFixed()),
  );
  await expect(tools.getByRole("row").filter({ hasText: "dev001@acme.example" }).first()).toContainText("linked to no one");

  // The seats no person holds wait in Settings → People (their March usage is older than the list's 90 days: idle since).
  await page.goto("/settings/people");
  const unmapped = page.getByRole("region", { name: /Unmapped/i });
  await expect(unmapped.getByRole("row").filter({ hasText: "idle-seat-gh" })).toContainText("GitHub Copilot seat, idle");
  await expect(unmapped.getByRole("row").filter({ hasText: dev0.login })).toHaveCount(0);
});
