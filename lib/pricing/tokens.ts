/**
 * Token counts in Burnrate's one convention: `inputTokens` counts all input, cache reads and cache writes
 * included (both are parts of it); `reasoningTokens` is part of `outputTokens`.
 */
export interface Tokens {
  inputTokens: number;
  outputTokens: number;
  cacheReadTokens: number;
  cacheWriteTokens: number;
  reasoningTokens: number;
}

type Count = number | null | undefined;

const count = (value: Count): number => value ?? 0;

/** Anthropic Messages API `usage`: `input_tokens` there excludes cache reads and writes. */
export interface AnthropicMessageUsage {
  input_tokens?: Count;
  output_tokens?: Count;
  cache_read_input_tokens?: Count;
  cache_creation_input_tokens?: Count;
}

/** DESIGN §2: Anthropic-style counts exclude cache; our `input_tokens` is uncached + cache reads + cache writes. */
function fromUncachedInput(uncached: number, output: number, cacheRead: number, cacheWrite: number): Tokens {
  return {
    inputTokens: uncached + cacheRead + cacheWrite,
    outputTokens: output,
    cacheReadTokens: cacheRead,
    cacheWriteTokens: cacheWrite,
    reasoningTokens: 0,
  };
}

export function fromAnthropic(usage: AnthropicMessageUsage): Tokens {
  return fromUncachedInput(
    count(usage.input_tokens),
    count(usage.output_tokens),
    count(usage.cache_read_input_tokens),
    count(usage.cache_creation_input_tokens),
  );
}

/** A result row of the Anthropic Admin usage report (`/v1/organizations/usage_report/messages`). */
export interface AnthropicUsageReportResult {
  uncached_input_tokens?: Count;
  cache_read_input_tokens?: Count;
  cache_creation?: { ephemeral_5m_input_tokens?: Count; ephemeral_1h_input_tokens?: Count } | null;
  output_tokens?: Count;
}

/** 5-minute and 1-hour cache writes are added together: `Tokens` has one cache-write count. */
export function fromAnthropicUsageReport(result: AnthropicUsageReportResult): Tokens {
  const cacheWrite = count(result.cache_creation?.ephemeral_5m_input_tokens) + count(result.cache_creation?.ephemeral_1h_input_tokens);
  return fromUncachedInput(
    count(result.uncached_input_tokens),
    count(result.output_tokens),
    count(result.cache_read_input_tokens),
    cacheWrite,
  );
}

/** A result of the OpenAI organization completions usage API; its `input_tokens` already includes cache. */
export interface OpenAIUsageResult {
  input_tokens?: Count;
  output_tokens?: Count;
  input_cached_tokens?: Count;
  input_cache_write_tokens?: Count;
}

export function fromOpenAIUsage(result: OpenAIUsageResult): Tokens {
  return {
    inputTokens: count(result.input_tokens),
    outputTokens: count(result.output_tokens),
    cacheReadTokens: count(result.input_cached_tokens),
    cacheWriteTokens: count(result.input_cache_write_tokens),
    reasoningTokens: 0,
  };
}

/** `usage` of a Chat Completions response (`prompt_tokens`…) or of a Responses API response (`input_tokens`…). */
export interface OpenAIChatUsage {
  prompt_tokens?: Count;
  completion_tokens?: Count;
  prompt_tokens_details?: { cached_tokens?: Count } | null;
  completion_tokens_details?: { reasoning_tokens?: Count } | null;
  input_tokens?: Count;
  output_tokens?: Count;
  input_tokens_details?: { cached_tokens?: Count } | null;
  output_tokens_details?: { reasoning_tokens?: Count } | null;
}

export function fromOpenAIChat(usage: OpenAIChatUsage): Tokens {
  return {
    inputTokens: count(usage.prompt_tokens ?? usage.input_tokens),
    outputTokens: count(usage.completion_tokens ?? usage.output_tokens),
    cacheReadTokens: count(usage.prompt_tokens_details?.cached_tokens ?? usage.input_tokens_details?.cached_tokens),
    cacheWriteTokens: 0,
    reasoningTokens: count(usage.completion_tokens_details?.reasoning_tokens ?? usage.output_tokens_details?.reasoning_tokens),
  };
}

/**
 * An OpenTelemetry attribute value as a number: a JS number, bigint or numeric string, or an OTLP JSON
 * `AnyValue` (`{ intValue: "412" }`, `{ doubleValue: 412 }`, `{ stringValue: "412" }`). Anything else is 0.
 */
export function otelNumber(value: unknown): number {
  if (typeof value === "number") return value;
  if (typeof value === "bigint") return Number(value);
  if (typeof value === "string") {
    const parsed = Number(value);
    return Number.isFinite(parsed) ? parsed : 0;
  }
  if (typeof value === "object" && value !== null) {
    const any = value as { intValue?: unknown; doubleValue?: unknown; stringValue?: unknown };
    return otelNumber(any.intValue ?? any.doubleValue ?? any.stringValue);
  }
  return 0;
}

export type OtelAttributes = Readonly<Record<string, unknown>>;

/** Attributes of a Claude Code `claude_code.api_request` event; its `input_tokens` excludes cache (Anthropic's convention). */
export function fromClaudeCodeOtel(attrs: OtelAttributes): Tokens {
  return fromUncachedInput(
    otelNumber(attrs.input_tokens),
    otelNumber(attrs.output_tokens),
    otelNumber(attrs.cache_read_tokens),
    otelNumber(attrs.cache_creation_tokens),
  );
}

/**
 * OpenTelemetry GenAI semantic-convention attributes; `gen_ai.usage.input_tokens` already includes cache.
 * The deprecated names `gen_ai.usage.prompt_tokens` / `completion_tokens` are read when the current ones are absent.
 */
export function fromGenAiSpan(attrs: OtelAttributes): Tokens {
  return {
    inputTokens: otelNumber(attrs["gen_ai.usage.input_tokens"] ?? attrs["gen_ai.usage.prompt_tokens"]),
    outputTokens: otelNumber(attrs["gen_ai.usage.output_tokens"] ?? attrs["gen_ai.usage.completion_tokens"]),
    cacheReadTokens: otelNumber(attrs["gen_ai.usage.cache_read.input_tokens"]),
    cacheWriteTokens: otelNumber(attrs["gen_ai.usage.cache_creation.input_tokens"]),
    reasoningTokens: otelNumber(attrs["gen_ai.usage.reasoning.output_tokens"]),
  };
}
