import { expect, test } from "@playwright/test";
import { E2E_API_KEY, E2E_PORT } from "./support/constants";

const ENDPOINT = `http://127.0.0.1:${E2E_PORT}/api/v1/otlp`;

/** One Claude Code api_request (specs/claude-code-otel.md §4b), long ago so no dashboard total of this run moves. */
const CLAUDE_CODE_EXPORT = {
  resourceLogs: [
    {
      resource: {
        attributes: [
          { key: "service.name", value: { stringValue: "claude-code" } },
          { key: "burnrate.team", value: { stringValue: "e2e-connect" } },
        ],
      },
      scopeLogs: [
        {
          logRecords: [
            {
              timeUnixNano: "1736942400000000000",
              body: { stringValue: "claude_code.api_request" },
              attributes: [
                { key: "event.name", value: { stringValue: "api_request" } },
                { key: "session.id", value: { stringValue: "e2e-connect-session" } },
                { key: "model", value: { stringValue: "claude-sonnet-4-5-20250929" } },
                { key: "cost_usd", value: { doubleValue: 0.0421365 } },
                { key: "input_tokens", value: { intValue: "412" } },
                { key: "output_tokens", value: { intValue: "958" } },
              ],
            },
          ],
        },
      ],
    },
  ],
};

test("Settings → Connect shows the OTLP endpoint, fills in a new ingest key, and that key sends Claude Code usage", async ({
  page,
  playwright,
}) => {
  await page.goto("/settings");
  await page.getByRole("navigation", { name: "Settings" }).getByRole("link", { name: "Connect" }).click();
  await expect(page).toHaveURL(/\/settings\/connect$/);
  await expect(page.getByRole("textbox", { name: "OTLP endpoint" })).toHaveValue(ENDPOINT);
  const claude = page.getByRole("region", { name: "Claude Code" });
  await expect(claude).toContainText(`OTEL_EXPORTER_OTLP_ENDPOINT=${ENDPOINT}`);
  await expect(claude).toContainText("Authorization=Bearer <INGEST_KEY>");
  await expect(page.getByRole("region", { name: "Codex CLI" })).toContainText(`${ENDPOINT}/v1/logs`);

  await page.getByRole("button", { name: "Create an ingest key and fill it in" }).click();
  const key = await page.getByRole("textbox", { name: "Ingest key" }).inputValue();
  expect(key).toMatch(/^br_[A-Za-z0-9_-]{32}$/);
  await expect(claude).toContainText(`Authorization=Bearer ${key}`);
  await expect(page.getByRole("region", { name: "Any OpenTelemetry SDK (GenAI spans)" })).toContainText(`Bearer ${key}`);
  await page.screenshot({ path: "test-results/connect.png", fullPage: true });

  // The filled-in key is what an exporter sends: it may ingest over OTLP, and nothing else.
  const exporter = await playwright.request.newContext({ baseURL: page.url(), extraHTTPHeaders: { authorization: `Bearer ${key}` } });
  const sent = await exporter.post("/api/v1/otlp/v1/logs", { data: CLAUDE_CODE_EXPORT });
  expect(sent.status()).toBe(200);
  expect(await sent.json()).toEqual({});
  expect((await exporter.get("/api/v1/spend")).status()).toBe(403);
  await exporter.dispose();
  const reader = await playwright.request.newContext({ baseURL: page.url(), extraHTTPHeaders: { authorization: `Bearer ${E2E_API_KEY}` } });
  const spend = await reader.get("/api/v1/spend?from=2025-01-15&to=2025-01-15&team=e2e-connect");
  expect((await spend.json()).totals).toMatchObject({ requests: 1, input_tokens: 412, output_tokens: 958, cost_usd: "0.0421365000" });
  await reader.dispose();

  // Shown once: after a reload the blocks are back to the placeholder; the key is listed by its prefix only.
  await page.reload();
  await expect(claude).toContainText("Bearer <INGEST_KEY>");
  await page.goto("/settings/api-keys");
  await expect(page.getByRole("row").filter({ hasText: "OpenTelemetry ingest" })).toContainText(key.slice(0, 11));
});
