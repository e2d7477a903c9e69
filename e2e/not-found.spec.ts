import { expect, test } from "@playwright/test";

test("the 404 page loads its scripts under the CSP (no violation) and its link works", async ({ page }) => {
  const refused: string[] = [];
  page.on("console", (m) => {
    if (/Content Security Policy|Refused to (load|execute)/i.test(m.text())) refused.push(m.text());
  });
  const res = await page.goto("/no-such-page");
  expect(res?.status()).toBe(404);
  await expect(page.getByRole("heading", { name: "Page not found" })).toBeVisible();
  // Hydrated: scripts ran, so the link is a client-side navigation to the Overview.
  await page.waitForFunction(() => Object.keys(document.querySelector("a") ?? {}).some((k) => k.startsWith("__react")));
  await page.getByRole("link", { name: "Back to the Overview" }).click();
  await expect(page).toHaveURL(/\/$/);
  expect(refused).toEqual([]);
});
