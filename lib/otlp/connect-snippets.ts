/** The placeholder shown where the ingest key goes until one is filled in. */
export const KEY_PLACEHOLDER = "<INGEST_KEY>";

export interface ConnectSnippet {
  id: "claude-code" | "codex" | "otel-sdk";
  title: string;
  /** Where the block goes (a shell profile, a config file). */
  where: string;
  text: string;
}

/** The OTLP base URL exporters append `/v1/logs`, `/v1/metrics` and `/v1/traces` to. */
export function otlpEndpoint(origin: string): string {
  return `${origin.replace(/\/+$/, "")}/api/v1/otlp`;
}

/**
 * Copy-paste configuration for Claude Code, Codex CLI and any OpenTelemetry SDK, pointed at this Burnrate with
 * an ingest key (or the placeholder). Attribution goes in OTEL_RESOURCE_ATTRIBUTES as `burnrate.*` keys.
 */
export function connectSnippets(origin: string, key = KEY_PLACEHOLDER): ConnectSnippet[] {
  const endpoint = otlpEndpoint(origin);
  return [
    {
      id: "claude-code",
      title: "Claude Code",
      where: "Shell profile, or the env block of Claude Code's (managed) settings.json",
      text: [
        "export CLAUDE_CODE_ENABLE_TELEMETRY=1",
        "export OTEL_LOGS_EXPORTER=otlp",
        "export OTEL_EXPORTER_OTLP_PROTOCOL=http/json",
        `export OTEL_EXPORTER_OTLP_ENDPOINT=${endpoint}`,
        `export OTEL_EXPORTER_OTLP_HEADERS="Authorization=Bearer ${key}"`,
        "# Attribution: your team and repo; on a Claude subscription (Pro/Max/Team) add burnrate.surface=plan",
        'export OTEL_RESOURCE_ATTRIBUTES="burnrate.team=platform,burnrate.repo=acme/api"',
      ].join("\n"),
    },
    {
      id: "codex",
      title: "Codex CLI",
      where: "~/.codex/config.toml",
      text: [
        "[otel]",
        'environment = "prod"',
        "log_user_prompt = false",
        "",
        "[otel.exporter.otlp-http]",
        `endpoint = "${endpoint}/v1/logs"`,
        'protocol = "binary"',
        "",
        "[otel.exporter.otlp-http.headers]",
        `"Authorization" = "Bearer ${key}"`,
      ].join("\n"),
    },
    {
      id: "otel-sdk",
      title: "Any OpenTelemetry SDK (GenAI spans)",
      where: "The app's environment",
      text: [
        "export OTEL_TRACES_EXPORTER=otlp",
        "export OTEL_EXPORTER_OTLP_PROTOCOL=http/protobuf",
        `export OTEL_EXPORTER_OTLP_ENDPOINT=${endpoint}`,
        `export OTEL_EXPORTER_OTLP_HEADERS="Authorization=Bearer ${key}"`,
        'export OTEL_RESOURCE_ATTRIBUTES="service.name=support-bot,burnrate.feature=support,burnrate.team=growth"',
      ].join("\n"),
    },
  ];
}
