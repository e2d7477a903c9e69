import { describe, expect, it } from "vitest";
import { connectSnippets, KEY_PLACEHOLDER, otlpEndpoint } from "./connect-snippets";

describe("Connect snippets", () => {
  it("point every client at the OTLP base URL with the key in the Authorization header", () => {
    expect(otlpEndpoint("https://burnrate.acme.dev/")).toBe("https://burnrate.acme.dev/api/v1/otlp");
    const [claude, codex, sdk] = connectSnippets("https://burnrate.acme.dev", "br_secret");
    expect(claude?.text).toContain("OTEL_EXPORTER_OTLP_ENDPOINT=https://burnrate.acme.dev/api/v1/otlp\n");
    expect(claude?.text).toContain('OTEL_EXPORTER_OTLP_HEADERS="Authorization=Bearer br_secret"');
    expect(claude?.text).toContain("CLAUDE_CODE_ENABLE_TELEMETRY=1");
    // Codex takes the full logs URL.
    expect(codex?.text).toContain('endpoint = "https://burnrate.acme.dev/api/v1/otlp/v1/logs"');
    expect(codex?.text).toContain('[otel.exporter.otlp-http.headers]\n"Authorization" = "Bearer br_secret"');
    expect(sdk?.text).toContain("OTEL_TRACES_EXPORTER=otlp");
  });

  it("show a placeholder until a key is filled in", () => {
    for (const s of connectSnippets("http://localhost:3000")) expect(s.text).toContain(`Bearer ${KEY_PLACEHOLDER}`);
  });
});
