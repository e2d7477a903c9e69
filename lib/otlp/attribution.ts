import { type Attributes, firstString } from "./attributes";

/**
 * Attribution read from OpenTelemetry attributes: `burnrate.<field>` for each event dimension below, on the
 * record (log record, span, data point) or its resource — so `OTEL_RESOURCE_ATTRIBUTES=burnrate.team=platform`
 * tags a whole process. The record wins over the resource. A few standard keys are read when ours are absent.
 */
export const ATTRIBUTION_FIELDS = [
  "team",
  "feature",
  "workflow",
  "repo",
  "branch",
  "pr",
  "tool",
  "agent",
  "user",
  "customer",
  "surface",
  "plan",
  "environment",
  "prompt_version",
  "billable",
] as const;
type AttributionField = (typeof ATTRIBUTION_FIELDS)[number];

/** Standard keys used when `burnrate.<field>` is not set (the spec's `team.id`, semantic-convention environment). */
const FALLBACK_KEYS: Partial<Record<AttributionField, readonly string[]>> = {
  team: ["team.id"],
  environment: ["deployment.environment.name", "deployment.environment"],
};

export type Attribution = Partial<Record<AttributionField, string | number | boolean>>;

/**
 * The attribution of one record. Values keep the event contract's types where they convert cleanly
 * (`pr` → integer, `billable` → boolean); anything else is passed on as the string it is, so the event's
 * validation rejects it by name instead of silently dropping a tag.
 */
export function readAttribution(record: Attributes, resource: Attributes): Attribution {
  const out: Attribution = {};
  for (const field of ATTRIBUTION_FIELDS) {
    const keys = [`burnrate.${field}`, ...(FALLBACK_KEYS[field] ?? [])];
    // Our own key anywhere beats a fallback key anywhere.
    const value = firstString([record, resource], keys.slice(0, 1)) ?? firstString([record, resource], keys.slice(1));
    if (value === undefined) continue;
    out[field] = convert(field, value.trim());
  }
  return out;
}

function convert(field: AttributionField, value: string): string | number | boolean {
  if (field === "pr" && /^\d{1,9}$/.test(value)) return Number(value);
  if (field === "billable" && /^(true|false)$/i.test(value)) return value.toLowerCase() === "true";
  if (field === "surface") return value.toLowerCase();
  return value;
}
