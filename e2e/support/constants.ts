export const E2E_API_KEY = "br_e2e_key_0123456789abcdefghij";
export const E2E_ADMIN = { email: "admin@e2e.burnrate", password: "e2e admin password" } as const;
export const ADMIN_STATE = "test-results/.auth/admin.json";
/** The e2e servers' ports; `E2E_PORT` moves both, so two checkouts can run the suite side by side. */
export const E2E_PORT = Number(process.env.E2E_PORT ?? 3217);
/** A second server on an empty database with no init admin: the first-run /setup flow. */
export const FRESH_PORT = E2E_PORT + 1;
/** The fresh server's setup token (BURNRATE_SETUP_TOKEN), so the spec can type it like an operator reading the log. */
export const FRESH_SETUP_TOKEN = "e2e-setup-token-0123456789abcdef";
/** specs/github-webhooks.md's fixtures are signed with this secret. */
export const E2E_GITHUB_SECRET = "test-webhook-secret";
/** The fake OpenAI and Anthropic admin APIs (scripts/test/fake-providers) the provider-sync spec connects to. */
export const FAKE_OPENAI_PORT = E2E_PORT + 2;
export const FAKE_ANTHROPIC_PORT = E2E_PORT + 3;
export const FAKE_PROVIDER_KEYS = { openai: "sk-admin-e2e-0123456789", anthropic: "sk-ant-admin-e2e-0123456789" } as const;
/** April 2026 is the provider-sync spec's month: the fakes serve usage for it only. */
export const FAKE_PROVIDER_DATA = {
  start: "2026-04-01T00:00:00Z",
  days: 30,
  models: ["gpt-4.1-mini-2025-04-14", "claude-sonnet-4-5-20250929"],
  projects: ["proj_e2e", null],
  apiKeys: ["key_e2e", null],
  hours: [9, 15],
} as const;
/** The fake Cursor and GitHub Copilot admin APIs (scripts/test/fake-tools) the coding-tools spec connects to. */
export const FAKE_CURSOR_PORT = E2E_PORT + 4;
export const FAKE_COPILOT_PORT = E2E_PORT + 5;
export const FAKE_TOOL_KEYS = {
  claudeCode: "sk-ant-admin-tools-e2e-0123",
  cursor: "key_cursor_e2e_0123456789",
  copilot: "ghp_e2e0123456789abcdef",
} as const;
/** March 2026 is the coding-tools spec's month: four people on Cursor and Copilot, and nobody else sends March events. */
export const FAKE_TOOL_DATA = { start: "2026-03-01T00:00:00Z", days: 31, people: 4, cursorEvents: 3, org: "acme-e2e" } as const;
