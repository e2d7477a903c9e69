/** Builders for wire-format events in tests. */
export function makeEvent(overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    id: `evt-${Math.random().toString(36).slice(2)}`,
    timestamp: "2026-11-10T12:00:00Z",
    provider: "openai",
    model: "gpt-4.1-mini",
    input_tokens: 1000,
    output_tokens: 200,
    cost_usd: "0.0010000000",
    team: "platform",
    ...overrides,
  };
}
