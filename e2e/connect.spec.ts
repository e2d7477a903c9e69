import { createHmac } from "node:crypto";
import { expect, test } from "@playwright/test";
import litellmFixtures from "../scripts/test/gateway-fixtures/litellm-1abc.json" with { type: "json" };
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

/** One LiteLLM record (specs/gateway-callbacks.md §5.1, 1a) moved to 2025-01-16, so no dashboard total of this run moves. */
const LITELLM_RECORD = {
  ...litellmFixtures[0],
  litellm_call_id: "e2e-gateway-call-1",
  id: "chatcmpl-e2e-gateway-1",
  startTime: 1737028800.0,
  endTime: 1737028804.5,
  metadata: { ...litellmFixtures[0]?.metadata, user_api_key_team_id: "e2e-gateways" },
};

test("Settings → Connect: a key per gateway filled into its configuration, OpenMeter's options, Helicone's secret and properties", async ({
  page,
  playwright,
}) => {
  await page.goto("/settings/connect");
  const tabs = page.getByRole("navigation", { name: "Connect" });
  await tabs.getByRole("link", { name: "LiteLLM" }).click();
  await expect(page).toHaveURL(/\/settings\/connect\/litellm$/);
  const litellm = page.getByRole("region", { name: "LiteLLM proxy" });
  await expect(litellm).toContainText('Authorization: "Bearer <INGEST_KEY>"');
  await litellm.getByRole("button", { name: "Create a LiteLLM key and fill it in" }).click();
  const key = await litellm.getByRole("textbox", { name: "LiteLLM ingest key" }).inputValue();
  expect(key).toMatch(/^br_[A-Za-z0-9_-]{32}$/);
  await expect(litellm).toContainText(`Authorization: "Bearer ${key}"`);

  // The filled-in key is what the proxy sends: LiteLLM records are stored; the same key on OpenMeter's path is refused.
  const proxy = await playwright.request.newContext({ baseURL: page.url(), extraHTTPHeaders: { authorization: `Bearer ${key}` } });
  const sent = await proxy.post("/api/v1/integrations/litellm", { data: [LITELLM_RECORD] });
  expect(await sent.json()).toEqual({ accepted: 1, duplicates: 0, rejected: [], skipped: 0 });
  const twice = await proxy.post("/api/v1/integrations/openmeter", {
    headers: { "content-type": "application/cloudevents+json" },
    data: {
      specversion: "1.0",
      id: "e2e-om-1",
      source: "litellm-proxy",
      type: "litellm_tokens",
      subject: "c",
      data: { model: "o4-mini", prompt_tokens: 1, completion_tokens: 1 },
    },
  });
  expect(twice.status()).toBe(409);
  await proxy.dispose();

  // OpenMeter: a key that reads the subject as the user, with input that already includes cache reads.
  await tabs.getByRole("link", { name: "OpenMeter" }).click();
  const meter = page.getByRole("region", { name: "OpenMeter events" });
  await meter.getByLabel("An event's subject is").selectOption("user");
  await meter.getByRole("checkbox", { name: "input events include cache reads" }).check();
  await meter.getByRole("button", { name: "Create an OpenMeter key and fill it in" }).click();
  const meterKey = await meter.getByRole("textbox", { name: "OpenMeter ingest key" }).inputValue();
  await expect(meter).toContainText(`OPENMETER_API_KEY=${meterKey}`);

  // Helicone: a property map Burnrate cannot read is explained by line; then the secret is stored and used.
  await tabs.getByRole("link", { name: "Helicone" }).click();
  const helicone = page.getByRole("region", { name: "Helicone" });
  await expect(helicone.getByRole("definition").first()).toContainText("not set");
  await helicone.getByLabel("Webhook secret").fill("whsec-e2e-helicone-0123");
  await helicone.getByLabel(/Custom properties/).fill("Squad = squad");
  await helicone.getByRole("button", { name: "Save Helicone settings" }).click();
  await expect(helicone.getByText('Line 1: "squad" is not one of')).toBeVisible();
  await helicone.getByLabel("Webhook secret").fill("whsec-e2e-helicone-0123");
  await helicone.getByLabel(/Custom properties/).fill("Squad = team\nCustomer = customer");
  await helicone.getByRole("button", { name: "Save Helicone settings" }).click();
  await expect(helicone.getByRole("status")).toContainText("Helicone settings saved");
  await expect(helicone).toContainText("stored in Settings");
  await expect(helicone).toContainText("…0123");
  await page.screenshot({ path: "test-results/connect-gateways.png", fullPage: true });

  // Signed with the stored secret, the delivery gets past the signature to validation (no model: refused, nothing
  // stored, since a webhook has no timestamp and would land in this month's totals); a wrong signature stops at 401.
  const body = JSON.stringify({ request_id: "e2e-helicone-1", request_body: "{}", response_body: "{}" });
  const signature = createHmac("sha256", "whsec-e2e-helicone-0123").update(body).digest("hex");
  const webhook = await playwright.request.newContext({ baseURL: page.url() });
  const signed = await webhook.post("/api/v1/integrations/helicone", {
    headers: { "content-type": "application/json", "helicone-signature": signature },
    data: body,
  });
  expect(signed.status()).toBe(400);
  expect((await signed.json()).error.details).toEqual([expect.objectContaining({ path: "model" })]);
  const forged = await webhook.post("/api/v1/integrations/helicone", {
    headers: { "content-type": "application/json", "helicone-signature": "0".repeat(64) },
    data: body,
  });
  expect(forged.status()).toBe(401);
  await webhook.dispose();

  await page.goto("/settings/api-keys");
  await expect(page.getByRole("row").filter({ hasText: "LiteLLM" }).first()).toContainText("LiteLLM only");
  await expect(page.getByRole("row").filter({ hasText: "OpenMeter" }).first()).toContainText(
    "OpenMeter only · subject → user · input includes cache reads",
  );
});
