import { expect, test } from "@playwright/test";
import { E2E_API_KEY } from "./support/constants";

// Runs in the last project (with budgets): /me shows this week and month, so these events are today's.
const auth = { authorization: `Bearer ${E2E_API_KEY}` };
const now = new Date(Date.now() - 60_000).toISOString();

test("an admin imports people, links two unmapped identities; a person's total is the sum of each tool's; a member's /me shows only their own spend", async ({
  page,
  browser,
}) => {
  const events = [
    { user: "noor@e2e.burnrate", agent: "claude-code", provider: "anthropic", model: "claude-sonnet-4-5", cost_usd: "3" },
    { user: "noor-gh", agent: "copilot", provider: "github", model: "gpt-4.1", cost_usd: "2" },
    { user: "noor-copilot", agent: "copilot", provider: "github", model: "gpt-4.1", cost_usd: "0.25" },
    { user: "Noor.Cursor@e2e.dev", agent: "cursor", provider: "cursor", model: "auto", cost_usd: "1.5" },
    { user: "omar@e2e.burnrate", agent: "codex", provider: "openai", model: "e2e-omar-model", cost_usd: "10" },
  ].map((e, i) => ({ id: `e2e-people-${i}`, timestamp: now, input_tokens: 1000, output_tokens: 100, ...e }));
  const sent = await page.request.post("/api/v1/events", { headers: auth, data: { events } });
  expect(await sent.json()).toMatchObject({ accepted: events.length });

  await page.setViewportSize({ width: 1440, height: 1000 });
  await page.goto("/settings/people");
  const importer = page.getByRole("region", { name: "Import from CSV" });
  await importer
    .getByLabel("CSV")
    .fill(
      "name,email,team,aliases\nNoor Haddad,noor@e2e.burnrate,e2e-platform,github_login:noor-gh\nOmar Diaz,omar@e2e.burnrate,e2e-data,",
    );
  await importer.getByRole("button", { name: "Preview" }).click();
  await expect(importer.getByRole("table", { name: "Import preview" }).getByText("will add")).toHaveCount(2);
  await importer.getByRole("button", { name: "Import 2 people" }).click();
  await expect(importer.getByText("Imported: 2 added, 0 updated, 1 aliases linked.")).toBeVisible();

  // Two identities no one owns yet: link them to Noor, correcting the guessed kind.
  const unmapped = page.getByRole("region", { name: "Unmapped identities" });
  for (const [value, kind] of [
    ["noor.cursor@e2e.dev", "cursor_email"],
    ["noor-copilot", "copilot_login"],
  ] as const) {
    const link = unmapped.getByRole("form", { name: `Link ${value} to a person` });
    await link.getByLabel("Person").selectOption({ label: "Noor Haddad (noor@e2e.burnrate)" });
    await link.getByLabel("Kind").fill(kind);
    await link.getByRole("button", { name: "Link" }).click();
    await expect(unmapped.getByRole("form", { name: `Link ${value} to a person` })).toHaveCount(0);
  }
  await expect(page.getByRole("list", { name: "Aliases of Noor Haddad" }).getByRole("listitem")).toHaveCount(3);
  await page.screenshot({ path: "test-results/settings-people.png", fullPage: true });

  // People: Noor's total is what each tool reported, added up.
  await page.goto("/people");
  const noor = page.getByRole("row").filter({ hasText: "noor@e2e.burnrate" });
  await expect(noor).toContainText("$6.75");
  for (const [tool, cost] of [
    ["claude-code", "$3.00"],
    ["copilot", "$2.25"],
    ["cursor", "$1.50"],
  ] as const)
    await expect(noor.getByRole("listitem").filter({ hasText: tool })).toContainText(cost);
  await expect(noor).toContainText("e2e-platform");
  await page.screenshot({ path: "test-results/people.png", fullPage: true });

  // Noor signs in as a member: /me shows her spend, never Omar's.
  await page.goto("/settings/members");
  await page.getByLabel("Email").fill("noor@e2e.burnrate");
  await page.getByLabel("Role", { exact: true }).selectOption("member");
  await page.getByRole("button", { name: "Invite", exact: true }).click();
  const inviteLink = await page.getByRole("textbox", { name: "Invite link" }).inputValue();
  const member = await browser.newContext({ storageState: { cookies: [], origins: [] } });
  const noorPage = await member.newPage();
  await noorPage.setViewportSize({ width: 1440, height: 1000 });
  await noorPage.goto(inviteLink);
  await noorPage.getByLabel("New password").fill("noor's own password");
  await noorPage.getByLabel("Repeat the password").fill("noor's own password");
  await noorPage.getByRole("button", { name: "Set password" }).click();
  await expect(noorPage).toHaveURL(/\/login\?notice=password-set/);
  await noorPage.getByLabel("Password").fill("noor's own password");
  await noorPage.getByRole("button", { name: "Sign in" }).click();
  await expect(noorPage.getByRole("heading", { name: "Overview", level: 1 })).toBeVisible();
  await noorPage.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "My spend" }).click();
  await expect(noorPage.getByRole("heading", { name: "My spend", level: 1 })).toBeVisible();
  const month = noorPage.getByRole("region", { name: "Totals" });
  await expect(month).toContainText("$6.75");
  await expect(noorPage.getByRole("region", { name: "By model, this month" })).toContainText("gpt-4.1");
  await expect(noorPage.getByText("e2e-omar-model")).toHaveCount(0);
  await expect(noorPage.getByText("codex")).toHaveCount(0);
  await noorPage.screenshot({ path: "test-results/me.png", fullPage: true });
  await member.close();
});
