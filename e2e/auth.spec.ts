import { expect, test } from "@playwright/test";
import { E2E_ADMIN } from "./support/constants";

test.use({ storageState: { cookies: [], origins: [] } });

test("a wrong password is refused with a clear message; the right one opens the page asked for; sign out ends the session", async ({
  page,
}) => {
  await page.goto("/settings/audit");
  await expect(page).toHaveURL(/\/login\?next=%2Fsettings%2Faudit$/);

  await page.getByLabel("Email").fill(E2E_ADMIN.email);
  await page.getByLabel("Password").fill("not the password");
  await page.getByRole("button", { name: "Sign in" }).click();
  await expect(page.getByRole("alert").filter({ hasText: "That email and password do not match an active account." })).toBeVisible();
  await expect(page).toHaveURL(/\/login/);
  await expect(page.getByLabel("Email")).toHaveValue(E2E_ADMIN.email);

  await page.getByLabel("Password").fill(E2E_ADMIN.password);
  await page.getByRole("button", { name: "Sign in" }).click();
  await expect(page.getByRole("heading", { name: "Audit log" })).toBeVisible();
  await expect(page).toHaveURL(/\/settings\/audit$/);
  // The failed attempt just made is in the log, next to the sign-in.
  const failed = page.getByRole("row").filter({ hasText: "Sign-in failed" }).first();
  await expect(failed).toContainText(E2E_ADMIN.email);

  await page.getByRole("button", { name: "Sign out" }).click();
  await expect(page).toHaveURL(/\/login/);
  await page.goto("/");
  await expect(page).toHaveURL(/\/login\?next=%2F$/);
  await page.screenshot({ path: "test-results/login.png" });
});
