export { baseModelId, normalizeModelId, toCatalogProviderId } from "./model-id";
export type { PriceOverrideCard } from "./override-price";
export { getPriceOverrides, invalidatePriceOverrides, loadPriceOverrides } from "./overrides";
export { type PriceInput, type PriceResult, priceEvent } from "./price-event";
export {
  type AnthropicMessageUsage,
  type AnthropicUsageReportResult,
  fromAnthropic,
  fromAnthropicUsageReport,
  fromClaudeCodeOtel,
  fromGenAiSpan,
  fromOpenAIChat,
  fromOpenAIUsage,
  type OpenAIChatUsage,
  type OpenAIUsageResult,
  type OtelAttributes,
  otelNumber,
  type Tokens,
} from "./tokens";
