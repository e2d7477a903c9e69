import { expect, test } from "@playwright/test";

test("an admin invites a member, who sets a password, signs in, cannot open the admin settings, and is locked out once deactivated", async ({
  page,
  browser,
}) => {
  await page.goto("/settings/members");
  await page.getByLabel("Email").fill("mia@e2e.burnrate");
  await page.getByLabel("Name (optional)").fill("Mia Member");
  await page.getByLabel("Role", { exact: true }).selectOption("member");
  await page.getByRole("button", { name: "Invite", exact: true }).click();
  const link = await page.getByRole("textbox", { name: "Invite link" }).inputValue();
  expect(link).toMatch(/\/invite\/[A-Za-z0-9_-]{43}$/);
  const row = page.getByRole("row").filter({ hasText: "mia@e2e.burnrate" });
  await expect(row.getByText("invited")).toBeVisible();

  const mia = await browser.newContext({ storageState: { cookies: [], origins: [] } });
  const miaPage = await mia.newPage();
  await miaPage.goto(link);
  await expect(miaPage.getByRole("heading", { name: "Set your password" })).toBeVisible();
  await miaPage.getByLabel("New password").fill("mia's own password");
  await miaPage.getByLabel("Repeat the password").fill("mia's own password");
  await miaPage.getByRole("button", { name: "Set password" }).click();
  await expect(miaPage).toHaveURL(/\/login\?notice=password-set/);
  await miaPage.getByLabel("Password").fill("mia's own password");
  await miaPage.getByRole("button", { name: "Sign in" }).click();
  await expect(miaPage.getByRole("heading", { name: "Overview", level: 1 })).toBeVisible();
  // A member's only settings screen is Connect (setting up their own Claude Code or Codex).
  await miaPage.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Settings" }).click();
  await expect(miaPage).toHaveURL(/\/settings\/connect$/);
  await expect(miaPage.getByRole("navigation", { name: "Settings" }).getByRole("link")).toHaveText(["Connect"]);
  await expect(miaPage.getByRole("button", { name: "Create an ingest key and fill it in" })).toHaveCount(0);

  const settings = await miaPage.goto("/settings/members");
  expect(settings?.status()).toBe(403);
  await expect(miaPage.getByRole("heading", { name: "You don't have access to this page" })).toBeVisible();
  await miaPage.screenshot({ path: "test-results/member-forbidden.png" });

  // The used invite link is dead.
  await miaPage.goto(link);
  await expect(miaPage.getByRole("heading", { name: "This invite link does not work" })).toBeVisible();

  await page.reload();
  page.once("dialog", (d) => d.accept());
  await page.getByRole("button", { name: "Deactivate mia@e2e.burnrate" }).click();
  await expect(page.getByRole("row").filter({ hasText: "mia@e2e.burnrate" }).getByText("deactivated")).toBeVisible();

  await miaPage.goto("/");
  await expect(miaPage).toHaveURL(/\/login/);
  await miaPage.getByLabel("Email").fill("mia@e2e.burnrate");
  await miaPage.getByLabel("Password").fill("mia's own password");
  await miaPage.getByRole("button", { name: "Sign in" }).click();
  await expect(miaPage.getByRole("alert").filter({ hasText: "do not match an active account" })).toBeVisible();
  await mia.close();
});

test("the last admin cannot deactivate or demote themself", async ({ page }) => {
  await page.goto("/settings/members");
  const me = page.getByRole("row").filter({ hasText: "admin@e2e.burnrate" });
  page.once("dialog", (d) => d.accept());
  await me.getByRole("button", { name: "Deactivate admin@e2e.burnrate" }).click();
  await expect(me.getByRole("alert")).toContainText("needs at least one active admin");
  await me.getByRole("combobox", { name: "Role of admin@e2e.burnrate" }).selectOption("member");
  await me.getByRole("button", { name: "Save" }).click();
  await expect(me.getByRole("alert").first()).toContainText("Cannot change the last admin's role");
  await page.reload();
  await expect(page.getByRole("combobox", { name: "Role of admin@e2e.burnrate" })).toHaveValue("admin");
  await page.screenshot({ path: "test-results/members.png", fullPage: true });
});
