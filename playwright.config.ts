import { mkdtempSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { defineConfig, devices } from "@playwright/test";

import {
  ADMIN_STATE,
  E2E_ADMIN,
  E2E_API_KEY,
  E2E_GITHUB_SECRET,
  FAKE_ANTHROPIC_PORT,
  FAKE_COPILOT_PORT,
  FAKE_CURSOR_PORT,
  FAKE_OPENAI_PORT,
  FAKE_PROVIDER_DATA,
  FAKE_PROVIDER_KEYS,
  FAKE_TOOL_DATA,
  FAKE_TOOL_KEYS,
  FRESH_PORT,
  FRESH_SETUP_TOKEN,
  E2E_PORT as PORT,
} from "./e2e/support/constants";

const dataDir = mkdtempSync(path.join(os.tmpdir(), "burnrate-e2e-"));
const freshDataDir = mkdtempSync(path.join(os.tmpdir(), "burnrate-e2e-fresh-"));

export default defineConfig({
  testDir: "e2e",
  fullyParallel: false,
  workers: 1,
  retries: 0,
  reporter: [["list"]],
  outputDir: "test-results",
  use: {
    baseURL: `http://127.0.0.1:${PORT}`,
    trace: "retain-on-failure",
    screenshot: "only-on-failure",
  },
  projects: [
    { name: "sign-in", testMatch: /auth\.setup\.ts/, use: { ...devices["Desktop Chrome"], launchOptions: chromium() } },
    {
      name: "chromium",
      dependencies: ["sign-in"],
      testIgnore: /(budgets|people|coding-tools|prices|charts)\.spec\.ts/,
      use: {
        ...devices["Desktop Chrome"],
        storageState: ADMIN_STATE,
        launchOptions: chromium(),
      },
    },
    // Budgets and alerts, and people's own spend (/me: this week and month), need spend today, which would change the
    // totals other specs assert: they run last.
    {
      name: "alerts",
      dependencies: ["chromium"],
      testMatch: /(budgets|people)\.spec\.ts/,
      use: {
        ...devices["Desktop Chrome"],
        storageState: ADMIN_STATE,
        launchOptions: chromium(),
      },
    },
    // Last: connecting Cursor and Copilot creates their seat plans from the first synced day on (every later month's plan
    // fees change), and a price card changes what today's events cost.
    {
      name: "last",
      dependencies: ["alerts"],
      testMatch: /(coding-tools|prices)\.spec\.ts/,
      use: {
        ...devices["Desktop Chrome"],
        storageState: ADMIN_STATE,
        launchOptions: chromium(),
      },
    },
    // After everything: the charts spec adds spend today under a provider of its own.
    {
      name: "charts",
      dependencies: ["last"],
      testMatch: /charts\.spec\.ts/,
      use: {
        ...devices["Desktop Chrome"],
        storageState: ADMIN_STATE,
        launchOptions: chromium(),
      },
    },
  ],
  webServer: [
    {
      command: `node --max-semi-space-size=32 scripts/server.mjs -p ${PORT} -H 127.0.0.1`,
      url: `http://127.0.0.1:${PORT}/api/health`,
      reuseExistingServer: false,
      timeout: 60_000,
      env: {
        BURNRATE_DATA_DIR: dataDir,
        DATABASE_URL: "",
        BURNRATE_INIT_API_KEY: E2E_API_KEY,
        BURNRATE_INIT_ADMIN_EMAIL: E2E_ADMIN.email,
        BURNRATE_INIT_ADMIN_PASSWORD: E2E_ADMIN.password,
        GITHUB_WEBHOOK_SECRET: E2E_GITHUB_SECRET,
        // Alerts within seconds, and a failed webhook retried after 1 s (e2e/budgets.spec.ts).
        BURNRATE_EVAL_INTERVAL_SECONDS: "2",
        BURNRATE_ALERT_RETRY_BASE_SECONDS: "1",
        // Provider sync (e2e/providers.spec.ts): keys are stored through Settings, so a secret; a backfill reaching April 2026.
        BURNRATE_SECRET: "e2e-burnrate-secret-0123456789abcdef",
        BURNRATE_SYNC_BACKFILL_DAYS: "300",
        // The budget spec's webhook receiver and the fake providers typed into Settings listen on loopback: allow-listed,
        // as an internal Slack relay or provider proxy would be (lib/net).
        BURNRATE_WEBHOOK_ALLOWED_HOSTS: "127.0.0.1",
      },
    },
    {
      command: `node --import tsx scripts/test/fake-providers/serve.ts '${JSON.stringify({
        ...FAKE_PROVIDER_DATA,
        key: FAKE_PROVIDER_KEYS.openai,
        anthropicKey: FAKE_PROVIDER_KEYS.anthropic,
        openaiPort: FAKE_OPENAI_PORT,
        anthropicPort: FAKE_ANTHROPIC_PORT,
      })}'`,
      port: FAKE_ANTHROPIC_PORT,
      reuseExistingServer: false,
      timeout: 30_000,
    },
    {
      command: `node --import tsx scripts/test/fake-tools/serve.ts '${JSON.stringify({
        ...FAKE_TOOL_DATA,
        keys: FAKE_TOOL_KEYS,
        ports: { cursor: FAKE_CURSOR_PORT, copilot: FAKE_COPILOT_PORT },
      })}'`,
      port: FAKE_COPILOT_PORT,
      reuseExistingServer: false,
      timeout: 30_000,
    },
    {
      command: `node scripts/server.mjs -p ${FRESH_PORT} -H 127.0.0.1`,
      url: `http://127.0.0.1:${FRESH_PORT}/api/health`,
      reuseExistingServer: false,
      timeout: 60_000,
      env: { BURNRATE_DATA_DIR: freshDataDir, DATABASE_URL: "", BURNRATE_SETUP_TOKEN: FRESH_SETUP_TOKEN },
    },
  ],
});

function chromium() {
  return {
    // Debian's Chromium (Playwright's own browser download is not reachable here).
    executablePath: process.env.CHROMIUM_PATH ?? "/usr/bin/chromium",
    args: [
      "--no-sandbox",
      "--disable-gpu",
      "--disable-dev-shm-usage",
      "--disable-quic",
      "--no-first-run",
      "--disable-background-networking",
      "--disable-component-update",
      "--disable-sync",
    ],
  };
}
