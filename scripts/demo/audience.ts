import { CUSTOMER_WEIGHTS, type Customer, FEATURE_TEAM, type Feature, MODELS, type ModelId, teamMembers } from "./catalog";
import type { Attribution } from "./events";
import type { Rng } from "./random";

/**
 * Who a product request is for: mostly a paying customer in production; some internal dogfooding,
 * QA in staging and engineers in development, none of them billable.
 */
export function productAttribution(rng: Rng, feature: Feature, weights = CUSTOMER_WEIGHTS): Attribution & { customer?: Customer } {
  const team = FEATURE_TEAM[feature];
  const r = rng.next();
  if (r < 0.03) return { environment: "staging", team, feature, billable: false };
  if (r < 0.05) return { environment: "development", team, feature, user: rng.pick(teamMembers(team)).email, billable: false };
  if (r < 0.1) return { environment: "production", team, feature, billable: false, tags: { audience: "internal" } };
  return { environment: "production", team, feature, customer: rng.weighted(weights), billable: true };
}

/**
 * Prompt-cache split of an input whose first `prefix` tokens were sent before (`warm` = the cache is still alive).
 * OpenAI and Gemini cache automatically in 128-token blocks from 1024 tokens; Anthropic reads what it wrote and
 * writes the rest up to the breakpoint.
 */
export function promptCache(model: ModelId, prefix: number, input: number, warm: boolean): { cacheRead: number; cacheWrite: number } {
  if (MODELS[model].provider === "anthropic") {
    const cacheRead = warm ? Math.min(prefix, input) : 0;
    return { cacheRead, cacheWrite: Math.max(0, input - cacheRead - 40) };
  }
  const cacheRead = warm && prefix >= 1024 ? Math.floor(Math.min(prefix, input) / 128) * 128 : 0;
  return { cacheRead, cacheWrite: 0 };
}
