/**
 * Our provider names (as events, OpenTelemetry `gen_ai.provider.name` and LiteLLM-style model prefixes spell
 * them) → genai-prices provider ids. Names not listed are passed through; genai-prices then tries its own id
 * and `provider_match` rules. Listed explicitly where its fuzzy match would pick the wrong provider
 * (`azure.ai.openai` contains "openai") or none (`x_ai`).
 */
const CATALOG_PROVIDER_IDS: Readonly<Record<string, string>> = {
  openai: "openai",
  anthropic: "anthropic",
  google: "google",
  gemini: "google",
  vertex: "google",
  vertex_ai: "google",
  vertexai: "google",
  "google-vertex": "google",
  "gcp.gemini": "google",
  "gcp.vertex_ai": "google",
  "gcp.gen_ai": "google",
  aws: "aws",
  bedrock: "aws",
  "amazon-bedrock": "aws",
  "aws.bedrock": "aws",
  azure: "azure",
  azure_openai: "azure",
  "azure-openai": "azure",
  "azure.ai.openai": "azure",
  "azure.ai.inference": "azure",
  xai: "x-ai",
  x_ai: "x-ai",
  "x-ai": "x-ai",
  mistral: "mistral",
  mistral_ai: "mistral",
  mistralai: "mistral",
  deepseek: "deepseek",
  groq: "groq",
  openrouter: "openrouter",
  cohere: "cohere",
  perplexity: "perplexity",
  together: "together",
  together_ai: "together",
  "together-ai": "together",
  fireworks: "fireworks",
  fireworks_ai: "fireworks",
  "fireworks-ai": "fireworks",
  moonshot: "moonshotai",
  moonshotai: "moonshotai",
};

/** Gemini API responses name models `models/gemini-…`. */
const MODEL_PREFIXES = new Set([...Object.keys(CATALOG_PROVIDER_IDS), "models"]);

export function toCatalogProviderId(provider: string): string {
  const name = provider.trim().toLowerCase();
  return CATALOG_PROVIDER_IDS[name] ?? name;
}

/** Lowercased and trimmed, without a trailing context-window marker such as Claude Code's `[1m]`. */
export function baseModelId(model: string): string {
  return model
    .trim()
    .toLowerCase()
    .replace(/\[[^\]]*\]$/, "")
    .trim();
}

/**
 * The model id used to match prices: `baseModelId` without a leading provider prefix (`anthropic/claude-…`,
 * `models/gemini-…`). Only known provider names are stripped, so `meta-llama/…` keeps its namespace.
 */
export function normalizeModelId(model: string): string {
  const base = baseModelId(model);
  const slash = base.indexOf("/");
  if (slash <= 0 || !MODEL_PREFIXES.has(base.slice(0, slash))) return base;
  return base.slice(slash + 1);
}
