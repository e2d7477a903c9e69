import { expect, test } from "@playwright/test";
import { FRESH_PORT, FRESH_SETUP_TOKEN } from "./support/constants";

test.use({ storageState: { cookies: [], origins: [] }, baseURL: `http://127.0.0.1:${FRESH_PORT}` });

test("on first run /setup creates the first admin, once, for whoever has the setup token; that admin can then sign in", async ({
  page,
}) => {
  await page.goto("/");
  await expect(page).toHaveURL(/\/setup$/);
  await expect(page.getByRole("heading", { name: "Welcome to Burnrate" })).toBeVisible();

  // Without the token from the server log, nobody becomes admin.
  await page.getByLabel("Setup token").fill("a guess at the setup token");
  await page.getByLabel("Your name").fill("Ops Lead");
  await page.getByLabel("Email").fill("ops@fresh.example");
  await page.getByLabel("Password", { exact: true }).fill("a sound first password");
  await page.getByLabel("Repeat the password").fill("a sound first password");
  await page.getByRole("button", { name: "Create admin account" }).click();
  await expect(page.getByText("Copy the setup token the server printed at start")).toBeVisible();
  await expect(page.getByLabel("Setup token")).toHaveAttribute("aria-invalid", "true");

  await page.getByLabel("Setup token").fill(FRESH_SETUP_TOKEN);
  await page.getByLabel("Your name").fill("Ops Lead");
  await page.getByLabel("Email").fill("ops@fresh.example");
  await page.getByLabel("Password", { exact: true }).fill("a sound first password");
  await page.getByLabel("Repeat the password").fill("a different password");
  await page.getByRole("button", { name: "Create admin account" }).click();
  await expect(page.getByText("The two passwords differ")).toBeVisible();
  await expect(page.getByLabel("Repeat the password")).toHaveAttribute("aria-invalid", "true");
  // A refused submit keeps what was typed (passwords and the token excepted).
  await expect(page.getByLabel("Email")).toHaveValue("ops@fresh.example");

  await page.getByLabel("Setup token").fill(FRESH_SETUP_TOKEN);
  await page.getByLabel("Password", { exact: true }).fill("a sound first password");
  await page.getByLabel("Repeat the password").fill("a sound first password");
  await page.getByRole("button", { name: "Create admin account" }).click();
  await expect(page).toHaveURL(/\/login\?notice=password-set/);
  await expect(page.getByRole("status")).toHaveText("Your password is set. Sign in with it now.");
  await expect(page.getByLabel("Email")).toHaveValue("ops@fresh.example");
  await page.getByLabel("Password").fill("a sound first password");
  await page.getByRole("button", { name: "Sign in" }).click();
  await expect(page.getByRole("heading", { name: "Overview", level: 1 })).toBeVisible();
  await expect(page.getByRole("complementary").getByText("Ops Lead")).toBeVisible();

  // Setup is done: the page is gone for everyone.
  await page.goto("/setup");
  await expect(page).not.toHaveURL(/\/setup/);
});
