import { expect, test } from "@playwright/test";
import { startWebhookReceiver } from "../scripts/test/webhook-receiver";

test("an admin sets the alert webhook in Settings → Alerts: a masked hint only, a test message delivered, then removed", async ({
  page,
}) => {
  const receiver = await startWebhookReceiver();
  try {
    await page.goto("/settings");
    await page.getByRole("navigation", { name: "Settings" }).getByRole("link", { name: "Alerts" }).click();
    await expect(page).toHaveURL(/\/settings\/alerts$/);
    await expect(page.getByRole("heading", { name: "Alert webhook" })).toBeVisible();
    await expect(page.getByText("not set")).toBeVisible();
    await expect(page.getByRole("button", { name: "Send test message" })).toBeDisabled();

    // The outbound guard's refusal is named at the field.
    await page.getByLabel("Webhook URL").fill("http://169.254.169.254/latest");
    await page.getByRole("button", { name: "Save webhook" }).click();
    await expect(page.getByText(/169\.254\.169\.254 is a cloud metadata address/)).toBeVisible();

    const url = `${receiver.url}/T0/B0/e2e-secret-path`;
    await page.getByLabel("Webhook URL").fill(url);
    await page.getByRole("button", { name: "Save webhook" }).click();
    await expect(page.getByRole("status").filter({ hasText: "Alert webhook saved (encrypted)." })).toBeVisible();
    await expect(page.getByText("stored in Settings")).toBeVisible();
    await expect(page.getByText(`${new URL(url).origin}/…path`)).toBeVisible();
    await expect(page.locator("main")).not.toContainText("e2e-secret-path");
    await expect(page.getByLabel("Webhook URL")).toHaveValue("");

    await page.getByRole("button", { name: "Send test message" }).click();
    await expect(page.getByRole("status").filter({ hasText: "Delivered: the webhook answered HTTP 200." })).toBeVisible();
    expect(receiver.posts).toHaveLength(1);
    expect(receiver.posts[0]).toMatchObject({ kind: "test", blocks: [{ type: "section" }, { type: "actions" }] });

    await page.getByRole("button", { name: "Remove the stored webhook" }).click();
    await expect(page.getByText("not set")).toBeVisible();
    await expect(page.getByRole("button", { name: "Send test message" })).toBeDisabled();
  } finally {
    await receiver.close();
  }
});

test("a member has no Alerts settings: not in their nav, and the page is forbidden", async ({ page, browser }) => {
  await page.goto("/settings/members");
  await page.getByLabel("Email").fill("ada-alerts@e2e.burnrate");
  await page.getByLabel("Role", { exact: true }).selectOption("member");
  await page.getByRole("button", { name: "Invite", exact: true }).click();
  const link = await page.getByRole("textbox", { name: "Invite link" }).inputValue();

  const member = await browser.newContext({ storageState: { cookies: [], origins: [] } });
  try {
    const ada = await member.newPage();
    await ada.goto(link);
    await ada.getByLabel("New password").fill("ada's own password");
    await ada.getByLabel("Repeat the password").fill("ada's own password");
    await ada.getByRole("button", { name: "Set password" }).click();
    await expect(ada).toHaveURL(/\/login\?notice=password-set/);
    await ada.getByLabel("Password").fill("ada's own password");
    await ada.getByRole("button", { name: "Sign in" }).click();
    await expect(ada.getByRole("heading", { name: "Overview", level: 1 })).toBeVisible();

    await ada.goto("/settings/connect");
    await expect(ada.getByRole("navigation", { name: "Settings" }).getByRole("link", { name: "Alerts" })).toHaveCount(0);
    const res = await ada.goto("/settings/alerts");
    expect(res?.status()).toBe(403);
    await expect(ada.getByRole("heading", { name: "You don't have access to this page" })).toBeVisible();
  } finally {
    await member.close();
  }
});
