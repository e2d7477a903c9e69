import { expect, test } from "@playwright/test";

test("an admin creates a read key (shown once), it works at once, and stops working the moment it is revoked", async ({
  page,
  playwright,
}) => {
  await page.goto("/settings/api-keys");
  await page.getByLabel("Name").fill("finance dashboard");
  await page.getByRole("checkbox", { name: /ingest/ }).uncheck();
  await page.getByRole("checkbox", { name: /^read/ }).check();
  await page.getByRole("button", { name: "Create key" }).click();
  const key = await page.getByRole("textbox", { name: "API key" }).inputValue();
  expect(key).toMatch(/^br_[A-Za-z0-9_-]{32}$/);
  const row = page.getByRole("row").filter({ hasText: "finance dashboard" });
  await expect(row).toContainText(key.slice(0, 11));
  await expect(row).not.toContainText(key);
  await page.screenshot({ path: "test-results/api-keys.png", fullPage: true });

  const api = await playwright.request.newContext({ baseURL: page.url(), extraHTTPHeaders: { authorization: `Bearer ${key}` } });
  expect((await api.get("/api/v1/spend")).status()).toBe(200);
  expect((await api.post("/api/v1/events", { data: { events: [] } })).status()).toBe(403);

  // The key is shown once: after a reload only its prefix is left.
  await page.reload();
  await expect(page.getByRole("textbox", { name: "API key" })).toHaveCount(0);
  page.once("dialog", (d) => d.accept());
  await page.getByRole("button", { name: "Revoke finance dashboard" }).click();
  await expect(page.getByRole("row").filter({ hasText: "finance dashboard" })).toContainText("revoked");
  const after = await api.get("/api/v1/spend");
  expect(after.status()).toBe(401);
  expect(await after.json()).toMatchObject({ error: { code: "unauthorized" } });
  await api.dispose();

  await page.goto("/settings/audit?action=api_key");
  await expect(page.getByRole("row").filter({ hasText: "Created an API key" })).toContainText("finance dashboard");
  await expect(page.getByRole("row").filter({ hasText: "Revoked an API key" })).toContainText("finance dashboard");
});
