import { expect, type Page, test } from "@playwright/test";

// A phone held upright. The spec only reads: it sends no events and changes no setting, so it runs among the specs
// whose totals it must not move.
test.use({ viewport: { width: 390, height: 844 } });

const SCREENS = [
  "/",
  "/spend",
  "/spend?group_by=user",
  "/pull-requests",
  "/review",
  "/surfaces",
  "/customers",
  "/people",
  "/me",
  "/reconciliation",
  "/alerts",
  "/export",
  "/settings/members",
  "/settings/api-keys",
  "/settings/budgets",
  "/settings/providers",
  "/settings/prices",
  "/settings/plans",
  "/settings/people",
  "/settings/connect",
];

async function open(page: Page, path: string) {
  await page.goto(path);
  await expect(page.getByRole("heading", { level: 1 }).first()).toBeVisible();
  // Charts size themselves once the page has loaded.
  await page.waitForLoadState("load");
}

/** The page is no wider than the screen: wide tables scroll inside their card, not the page sideways. */
async function expectNoSidewaysScroll(page: Page) {
  const { scrollWidth, innerWidth } = await page.evaluate(() => ({
    scrollWidth: document.documentElement.scrollWidth,
    innerWidth: window.innerWidth,
  }));
  expect(scrollWidth, `${new URL(page.url()).pathname + new URL(page.url()).search} is wider than the screen`).toBeLessThanOrEqual(
    innerWidth,
  );
}

test("every main screen fits a phone's width", async ({ page }, testInfo) => {
  for (const path of SCREENS) {
    await open(page, path);
    await expectNoSidewaysScroll(page);
  }

  // Overview, Spend and Pull requests as a person on a phone sees them (checked by eye; not compared).
  for (const [name, path] of Object.entries({ overview: "/", spend: "/spend", "pull-requests": "/pull-requests" })) {
    await open(page, path);
    await page.screenshot({ path: testInfo.outputPath(`${name}-390.png`), fullPage: true });
  }

  // A session's page, when the Overview lists one (the calls table scrolls inside its card).
  await open(page, "/");
  const session = page.getByRole("region", { name: "Most expensive sessions this month" }).getByRole("link").first();
  if (await session.isVisible()) {
    await session.click();
    await expect(page.getByRole("region", { name: "Calls in order" })).toBeVisible();
    await expectNoSidewaysScroll(page);
  }
});

test("on a phone the navigation folds into a Menu button", async ({ page }) => {
  await open(page, "/");
  // The sidebar is gone; its links are behind the button until it is pressed.
  await expect(page.getByRole("navigation", { name: "Main", exact: true })).toBeHidden();
  const menu = page.getByRole("button", { name: "Menu" });
  await expect(menu).toHaveAttribute("aria-expanded", "false");
  const nav = page.getByRole("navigation", { name: "Main (compact)" });
  await expect(nav).toBeHidden();

  const before = await page.getByRole("main").boundingBox();
  await menu.click();
  await expect(menu).toHaveAttribute("aria-expanded", "true");
  await expect(page.locator(`#${await menu.getAttribute("aria-controls")}`)).toBeVisible();
  await expect(nav.getByRole("link", { name: "Overview" })).toHaveAttribute("aria-current", "page");
  await expect(page.getByRole("button", { name: "Sign out" })).toBeVisible();
  // Opening it lays the links over the page: nothing below moves.
  expect(await page.getByRole("main").boundingBox()).toEqual(before);

  // Escape closes it and gives focus back to the button.
  await page.keyboard.press("Escape");
  await expect(nav).toBeHidden();
  await expect(menu).toBeFocused();

  // A link navigates, and the menu closes behind it with the new page marked current.
  await menu.click();
  await nav.getByRole("link", { name: "Pull requests" }).click();
  await expect(page).toHaveURL(/\/pull-requests$/);
  await expect(page.getByRole("heading", { name: "Pull requests", level: 1 })).toBeVisible();
  await expect(menu).toHaveAttribute("aria-expanded", "false");
  await expect(nav).toBeHidden();
  await menu.click();
  await expect(nav.getByRole("link", { name: "Pull requests" })).toHaveAttribute("aria-current", "page");
});
