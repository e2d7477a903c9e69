import { firstString, numberAttr, stringAttr } from "./attributes";
import type { LogView } from "./log-records";
import { contextTags, type UsageRecord, withAttribution } from "./usage-event";

/**
 * A Codex CLI `codex.sse_event` of kind `response.completed` → one usage event (Codex's other events carry no
 * tokens). Codex sends no cost, so Burnrate prices the call. Its counts follow the OpenAI Responses API: input
 * includes cached input, output includes reasoning; should a build ever send them the other way round (cached
 * above input), the parts are added so nothing is lost or rejected.
 */
export function codexUsage(view: LogView): UsageRecord | null {
  const { attrs, resource } = view;
  if (!view.names.includes("codex.sse_event") || stringAttr(attrs, "event.kind") !== "response.completed") return null;
  const input = numberAttr(attrs, "input_token_count");
  const output = numberAttr(attrs, "output_token_count");
  if (input === undefined && output === undefined) return null; // the completed-but-failed variant
  const cached = numberAttr(attrs, "cached_token_count") ?? 0;
  const reasoning = numberAttr(attrs, "reasoning_token_count") ?? 0;
  const session = firstString([attrs], ["conversation.id", "session.id"]);
  const authMode = stringAttr(attrs, "auth_mode") ?? stringAttr(resource, "auth_mode") ?? "";
  const base = {
    id: view.id,
    timestamp: view.timestamp,
    provider: "openai",
    model: firstString([attrs], ["model", "slug"]),
    input_tokens: cached > (input ?? 0) ? (input ?? 0) + cached : (input ?? 0),
    output_tokens: reasoning > (output ?? 0) ? (output ?? 0) + reasoning : (output ?? 0),
    cache_read_tokens: cached,
    reasoning_tokens: reasoning,
    session,
    user: firstString([attrs, resource], ["user.email"]) ?? firstString([attrs, resource], ["user.account_id"]),
    agent: "codex",
    // Signed in with ChatGPT: the calls are covered by the ChatGPT plan, not metered API billing.
    surface: /chatgpt/i.test(authMode) ? "plan" : undefined,
    tags: contextTags([attrs, resource], ["terminal.type", "app.version", "auth_mode"]),
  };
  return {
    event: withAttribution(base, attrs, resource),
    label: `codex.sse_event response.completed${session ? ` of conversation ${session}` : ""}`,
  };
}
