import { fromClaudeCodeOtel } from "@/lib/pricing/tokens";
import { type Attributes, firstString, numberAttr, stringAttr } from "./attributes";
import type { LogView } from "./log-records";
import { contextTags, latencyMs, reportedCost, type UsageRecord, withAttribution } from "./usage-event";

const API_REQUEST = "claude_code.api_request";

/**
 * True for a Claude Code `api_request` event. The full name may be the body, the LogRecord event name or the
 * `event.name` attribute; the short `api_request` counts when the record comes from Claude Code (its service
 * name, or its instrumentation scope when OTEL_SERVICE_NAME renamed the service).
 */
export function isClaudeCodeApiRequest(view: LogView): boolean {
  if (view.names.includes(API_REQUEST)) return true;
  if (!view.names.includes("api_request")) return false;
  const service = stringAttr(view.resource, "service.name") ?? "";
  return service.startsWith("claude-code") || (view.scope.name ?? "").startsWith("com.anthropic.claude_code");
}

/**
 * A Claude Code `api_request` → one usage event. Claude Code counts tokens the Anthropic way (input excludes
 * cache reads and writes); `fromClaudeCodeOtel` converts them to our convention. Its `cost_usd` estimate is the
 * reported cost (for subscribers, with `surface=plan`, it becomes the list cost).
 */
export function claudeCodeUsage(view: LogView): UsageRecord | null {
  if (!isClaudeCodeApiRequest(view)) return null;
  const { attrs, resource } = view;
  const tokens = fromClaudeCodeOtel(attrs);
  const session = stringAttr(attrs, "session.id");
  const base = {
    id: view.id,
    timestamp: view.timestamp,
    provider: "anthropic",
    model: stringAttr(attrs, "model"),
    input_tokens: tokens.inputTokens,
    output_tokens: tokens.outputTokens,
    cache_read_tokens: tokens.cacheReadTokens,
    cache_write_tokens: tokens.cacheWriteTokens,
    cost_usd: reportedCost(attrs.cost_usd),
    latency_ms: latencyMs(numberAttr(attrs, "duration_ms")),
    session,
    user: claudeCodeUser([attrs, resource]),
    agent: "claude-code",
    tags: contextTags([attrs, resource], ["organization.id", "terminal.type", "service.version"]),
  };
  const label = `claude_code.api_request${session ? ` of session ${session}` : ""}${sequence(attrs)}`;
  return { event: withAttribution(base, attrs, resource), label };
}

/** The member: the signed-in email, else the account, else Claude Code's per-installation id. */
function claudeCodeUser(sets: readonly Attributes[]): string | undefined {
  return firstString(sets, ["user.email"]) ?? firstString(sets, ["user.account_uuid", "user.account_id"]) ?? firstString(sets, ["user.id"]);
}

function sequence(attrs: Attributes): string {
  const n = stringAttr(attrs, "event.sequence");
  return n ? ` (event.sequence ${n})` : "";
}
