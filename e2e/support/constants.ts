export const E2E_API_KEY = "br_e2e_key_0123456789abcdefghij";
export const E2E_ADMIN = { email: "admin@e2e.burnrate", password: "e2e admin password" } as const;
export const ADMIN_STATE = "test-results/.auth/admin.json";
/** The e2e servers' ports; `E2E_PORT` moves both, so two checkouts can run the suite side by side. */
export const E2E_PORT = Number(process.env.E2E_PORT ?? 3217);
/** A second server on an empty database with no init admin: the first-run /setup flow. */
export const FRESH_PORT = E2E_PORT + 1;
/** specs/github-webhooks.md's fixtures are signed with this secret. */
export const E2E_GITHUB_SECRET = "test-webhook-secret";
