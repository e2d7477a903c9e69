import { describe, expect, it } from "vitest";
import { parseEvent } from "@/lib/ingest/schemas";
import { codexUsage } from "./codex";
import { logViews } from "./log-records";
import { ExportLogsRequest } from "./schemas";

const NOW = new Date("2026-11-23T00:00:00Z");
const str = (key: string, stringValue: string) => ({ key, value: { stringValue } });
const int = (key: string, intValue: number) => ({ key, value: { intValue } });

/** A Codex CLI log export: token counts as strings (Codex formats them), the cached count as an int. */
function codexExport(kind: string, extra: ReturnType<typeof str>[] = [], authMode = "ApiKey") {
  return ExportLogsRequest.parse({
    resourceLogs: [
      {
        resource: { attributes: [str("service.name", "codex_cli_rs"), str("burnrate.repo", "acme/web")] },
        scopeLogs: [
          {
            logRecords: [
              {
                timeUnixNano: "1795000000000000000",
                attributes: [
                  str("event.name", "codex.sse_event"),
                  str("event.kind", kind),
                  str("conversation.id", "conv-1"),
                  str("model", "gpt-5-codex"),
                  str("user.email", "sam@acme.example"),
                  str("auth_mode", authMode),
                  str("input_token_count", "12000"),
                  str("output_token_count", "900"),
                  int("cached_token_count", 8000),
                  int("reasoning_token_count", 300),
                  str("tool_token_count", "0"),
                  ...extra,
                ],
              },
            ],
          },
        ],
      },
    ],
  });
}

describe("Codex response.completed → usage event", () => {
  it("maps tokens (input includes cached, output includes reasoning), conversation, user and resource attribution", () => {
    const usage = codexUsage(logViews(codexExport("response.completed"))[0] as never);
    const parsed = parseEvent(usage?.event, NOW);
    expect(parsed).toMatchObject({
      ok: true,
      event: {
        provider: "openai",
        model: "gpt-5-codex",
        input_tokens: 12000,
        cache_read_tokens: 8000,
        output_tokens: 900,
        reasoning_tokens: 300,
        session: "conv-1",
        user: "sam@acme.example",
        agent: "codex",
        surface: "api",
        repo: "acme/web",
        timestamp: new Date(1795000000000).toISOString(),
      },
    });
    if (parsed.ok) expect(parsed.event.cost_usd).toBeUndefined(); // priced by Burnrate
  });

  it("puts ChatGPT sign-ins on the plan surface unless burnrate.surface says otherwise", () => {
    const chatgpt = codexUsage(logViews(codexExport("response.completed", [], "Chatgpt"))[0] as never);
    expect(chatgpt?.event.surface).toBe("plan");
    const forced = codexUsage(logViews(codexExport("response.completed", [str("burnrate.surface", "api")], "Chatgpt"))[0] as never);
    expect(forced?.event.surface).toBe("api");
  });

  it("ignores other Codex events", () => {
    expect(codexUsage(logViews(codexExport("response.output_item.done"))[0] as never)).toBeNull();
  });
});
