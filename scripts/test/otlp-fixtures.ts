import { readFileSync } from "node:fs";
import path from "node:path";

/** specs/claude-code-otel.md §4: a delta metrics export (4a) and a logs export with one api_request (4b). */
const dir = path.join(process.cwd(), "scripts/test/fixtures/otlp");
export const CLAUDE_CODE_LOGS_JSON = readFileSync(path.join(dir, "claude-code-logs.json"), "utf8");
export const CLAUDE_CODE_METRICS_JSON = readFileSync(path.join(dir, "claude-code-metrics.json"), "utf8");

/** The spec's api_request in our token convention: 412 uncached + 48210 cache reads + 3150 cache writes. */
export const SPEC_API_REQUEST = {
  model: "claude-sonnet-4-5-20250929",
  input_tokens: 412 + 48210 + 3150,
  output_tokens: 958,
  cache_read_tokens: 48210,
  cache_write_tokens: 3150,
  cost_usd: "0.0421365000",
  latency_ms: 8412,
  session: "0f6f3b9e-2c4d-4a7e-9b1f-7d2c5e8a9b10",
  user: "dana@acme.example",
} as const;
