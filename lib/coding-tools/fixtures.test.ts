import Big from "big.js";
import { expect, it } from "vitest";
import { estimatedCostUsd, recordToDay } from "./claude-code/client";
import { creditEvents } from "./copilot/client";
import { cursorUsage, isOnDemand } from "./cursor/client";

// The specs' fixtures, verbatim where the parsers read them (specs/anthropic-admin-api.md §5c,
// specs/cursor-admin-api.md §7b, specs/github-copilot-usage-api.md §5d).

it("Claude Code Analytics §5c: tokens in our convention, estimated cents as USD, API actors metered", () => {
  const { usage, activity } = recordToDay({
    date: "2026-08-20T00:00:00Z",
    actor: { type: "user_actor", email_address: "dana@acme.example" },
    organization_id: "4f6c2a1e-7b3d-4c9a-8e21-5d0f9a3b7c11",
    customer_type: "api",
    subscription_type: null,
    terminal_type: "vscode",
    core_metrics: {
      num_sessions: 6,
      lines_of_code: { added: 412, removed: 97 },
      commits_by_claude_code: 3,
      pull_requests_by_claude_code: 1,
    },
    tool_actions: {
      edit_tool: { accepted: 31, rejected: 4 },
      multi_edit_tool: { accepted: 7, rejected: 1 },
      write_tool: { accepted: 5, rejected: 0 },
      notebook_edit_tool: { accepted: 0, rejected: 0 },
    },
    model_breakdown: [
      {
        model: "claude-sonnet-4-5-20250929",
        tokens: { input: 58210, output: 14980, cache_read: 1920400, cache_creation: 86300 },
        estimated_cost: { amount: 130, currency: "USD" },
      },
    ],
  });
  expect(usage).toEqual([
    expect.objectContaining({
      provider: "anthropic",
      model: "claude-sonnet-4-5-20250929",
      surface: "api",
      user: "dana@acme.example",
      input_tokens: 58210 + 1920400 + 86300,
      output_tokens: 14980,
      cache_read_tokens: 1920400,
      cache_write_tokens: 86300,
      cost_usd: "1.3",
    }),
  ]);
  expect(activity).toMatchObject({
    identity: "dana@acme.example",
    sessions: 6,
    linesAdded: 412,
    linesRemoved: 97,
    commits: 3,
    pullRequests: 1,
    accepted: 43,
    rejected: 5,
  });
  expect(estimatedCostUsd("186")).toBe("1.86");
  const sub = recordToDay({
    date: "2026-08-20T00:00:00Z",
    actor: { type: "api_actor", api_key_name: "ci-review-bot" },
    customer_type: "subscription",
    subscription_type: "enterprise",
    core_metrics: { num_sessions: 14, lines_of_code: { added: 0, removed: 0 }, commits_by_claude_code: 0, pull_requests_by_claude_code: 0 },
    model_breakdown: [
      {
        model: "claude-haiku-4-5-20251001",
        tokens: { input: 210400, output: 9800, cache_read: 0, cache_creation: 0 },
        estimated_cost: { amount: 26, currency: "USD" },
      },
    ],
  });
  expect(sub.usage[0]).toMatchObject({ surface: "plan", plan: "Claude Enterprise", user: "ci-review-bot", cost_usd: "0.26" });
});

const CURSOR_EVENTS = [
  {
    timestamp: "1787330712250",
    userEmail: "lee.fontaine@acme.example",
    conversationId: "7e6d5c4b-3a29-4f18-8e07-d6c5b4a39281",
    model: "claude-4.5-sonnet",
    kind: "Included in Business",
    maxMode: false,
    requestsCosts: 1,
    isTokenBasedCall: true,
    isChargeable: false,
    isHeadless: false,
    tokenUsage: { inputTokens: 20000, outputTokens: 2000, cacheWriteTokens: 5000, cacheReadTokens: 100000, totalCents: 13.875 },
    chargedCents: 17.05,
    cursorTokenFee: 3.175,
  },
  {
    timestamp: "1787306700000",
    userEmail: "dana.okafor@acme.example",
    conversationId: "9d8c7b6a-5f4e-4d3c-8b2a-1f0e9d8c7b6a",
    model: "claude-4.5-sonnet",
    kind: "Errored, Not Charged",
    maxMode: true,
    requestsCosts: 0,
    isTokenBasedCall: false,
    isChargeable: false,
    isHeadless: false,
    chargedCents: 0,
  },
  {
    timestamp: "1787306553500",
    userEmail: "dana.okafor@acme.example",
    conversationId: "9d8c7b6a-5f4e-4d3c-8b2a-1f0e9d8c7b6a",
    model: "claude-4.5-sonnet",
    kind: "Usage-based",
    maxMode: true,
    requestsCosts: 3,
    isTokenBasedCall: true,
    isChargeable: true,
    isHeadless: false,
    tokenUsage: { inputTokens: 150000, outputTokens: 12000, cacheWriteTokens: 40000, cacheReadTokens: 900000, totalCents: 105 },
    chargedCents: 132.55,
    cursorTokenFee: 27.55,
  },
  {
    timestamp: "1787299200000",
    userEmail: "sam.ruiz@acme.example",
    cloudAgentId: "bc-0f3c9a52-7d1e-4b8a-9c61-2e5d8f0a4b17",
    conversationId: "c1d2e3f4-a5b6-4c7d-8e9f-0a1b2c3d4e5f",
    model: "gpt-5",
    kind: "Usage-based",
    maxMode: false,
    requestsCosts: 2,
    isTokenBasedCall: true,
    isChargeable: true,
    isHeadless: true,
    tokenUsage: {
      inputTokens: 200000,
      outputTokens: 30000,
      cacheWriteTokens: 0,
      cacheReadTokens: 600000,
      totalCents: 62.5,
      discountPercentOff: 10,
    },
    chargedCents: 77,
    cursorTokenFee: 20.75,
  },
  {
    timestamp: "1787240411000",
    userEmail: "dana.okafor@acme.example",
    conversationId: "5b0e6f3a-1c2d-4e8f-9a7b-3c4d5e6f7a81",
    model: "gpt-5",
    kind: "Included in Business",
    maxMode: false,
    requestsCosts: 1,
    isTokenBasedCall: true,
    isChargeable: false,
    isHeadless: false,
    tokenUsage: { inputTokens: 60000, outputTokens: 8000, cacheWriteTokens: 0, cacheReadTokens: 240000, totalCents: 18.5 },
    chargedCents: 26.2,
    cursorTokenFee: 7.7,
  },
  {
    timestamp: "1787225400000",
    userEmail: "lee.fontaine@acme.example",
    conversationId: "2a3b4c5d-6e7f-4a8b-9c0d-1e2f3a4b5c6d",
    model: "composer-1",
    kind: "Included in Business",
    maxMode: false,
    requestsCosts: 1,
    isTokenBasedCall: true,
    isChargeable: false,
    isHeadless: false,
    tokenUsage: { inputTokens: 80000, outputTokens: 6000, cacheWriteTokens: 0, cacheReadTokens: 400000, totalCents: 21 },
    chargedCents: 21,
  },
  {
    timestamp: "1787217245120",
    userEmail: "dana.okafor@acme.example",
    conversationId: "5b0e6f3a-1c2d-4e8f-9a7b-3c4d5e6f7a81",
    model: "claude-4.5-sonnet",
    kind: "Included in Business",
    maxMode: false,
    requestsCosts: 1,
    isTokenBasedCall: true,
    isChargeable: false,
    isHeadless: false,
    tokenUsage: { inputTokens: 42000, outputTokens: 3100, cacheWriteTokens: 12000, cacheReadTokens: 180000, totalCents: 27.15 },
    chargedCents: 33.0775,
    cursorTokenFee: 5.9275,
  },
];

it("Cursor §7b: chargedCents sum to the spec's table per person and day; only Usage-based is metered", () => {
  const usage = CURSOR_EVENTS.map((e, i) => cursorUsage(e, i));
  const sum = (f: (u: (typeof usage)[number]) => boolean) =>
    usage
      .filter(f)
      .reduce((s, u) => s.plus(u.cost_usd), new Big(0))
      .toFixed();
  const day = (u: (typeof usage)[number]) => u.timestamp.toISOString().slice(0, 10);
  expect(sum((u) => u.user === "dana.okafor@acme.example" && day(u) === "2026-08-20")).toBe("0.592775");
  expect(sum((u) => u.user === "dana.okafor@acme.example" && day(u) === "2026-08-21")).toBe("1.3255");
  expect(sum(() => true)).toBe("3.068775");
  expect(sum((u) => u.surface === "api")).toBe("2.0955");
  expect(CURSOR_EVENTS.filter(isOnDemand)).toHaveLength(2);
  expect(usage[1]).toMatchObject({ status: "error", cost_usd: "0", input_tokens: 0, surface: "plan", plan: "Cursor Teams" });
  // Tokens for the cycle: claude-4.5-sonnet in 212 000 (+ cache) / cw 57 000 / cr 1 180 000.
  const sonnet = usage.filter((u) => u.model === "claude-4.5-sonnet");
  expect(sonnet.reduce((s, u) => s + u.cache_write_tokens, 0)).toBe(57_000);
  expect(sonnet.reduce((s, u) => s + u.cache_read_tokens, 0)).toBe(1_180_000);
  expect(sonnet.reduce((s, u) => s + u.input_tokens, 0)).toBe(212_000 + 57_000 + 1_180_000);
  expect(usage[3]?.tags).toMatchObject({ cloud_agent: "bc-0f3c9a52-7d1e-4b8a-9c61-2e5d8f0a4b17", headless: "true" });
});

it("Copilot §5d: the pooled part is plan usage at list value, the billed part metered; nothing on $0", () => {
  const item = {
    product: "Copilot",
    sku: "Copilot AI Credits",
    model: "Auto: GPT-5.3-Codex",
    unitType: "ai-credits",
    pricePerUnit: 0.01,
    grossQuantity: 105,
    grossAmount: 1.05,
    discountQuantity: 60,
    discountAmount: 0.6,
    netQuantity: 45,
    netAmount: 0.45,
  };
  const events = creditEvents("2026-09-21", "sam-ruiz", item, "GitHub Copilot Business");
  expect(events.map((e) => [e.surface, e.plan ?? null, e.cost_usd, e.user])).toEqual([
    ["plan", "GitHub Copilot Business", "0.6", "sam-ruiz"],
    ["api", null, "0.45", "sam-ruiz"],
  ]);
  expect(
    creditEvents("2026-09-21", "lee-fontaine", { ...item, grossAmount: 0.9, discountAmount: 0.9, netAmount: 0 }, "P").map((e) => e.surface),
  ).toEqual(["plan"]);
  expect(creditEvents("2026-09-21", null, { ...item, discountAmount: 0, netAmount: 0 }, "P")).toEqual([]);
});
