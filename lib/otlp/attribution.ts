import { dimensionSpec, dimensionsWhere, type OtlpDimension } from "@/lib/dimensions/registry";
import { type Attributes, firstString } from "./attributes";

/**
 * Attribution read from OpenTelemetry attributes: each dimension the registry gives OTLP keys (`burnrate.<field>`,
 * then standard fallbacks such as `team.id`), on the record (log record, span, data point) or its resource — so
 * `OTEL_RESOURCE_ATTRIBUTES=burnrate.team=platform` tags a whole process. The record wins over the resource.
 */
export const ATTRIBUTION_FIELDS = dimensionsWhere((s) => s.otlp !== undefined) as OtlpDimension[];

export type Attribution = Partial<Record<OtlpDimension, string | number | boolean>>;

/**
 * The attribution of one record. Values keep the event contract's types where they convert cleanly
 * (integer dimensions → number, boolean ones → boolean); anything else is passed on as the string it is, so the
 * event's validation rejects it by name instead of silently dropping a tag.
 */
export function readAttribution(record: Attributes, resource: Attributes): Attribution {
  const out: Attribution = {};
  for (const field of ATTRIBUTION_FIELDS) {
    const keys = dimensionSpec(field).otlp?.keys ?? [];
    // Our own key anywhere beats a fallback key anywhere.
    const value = firstString([record, resource], keys.slice(0, 1)) ?? firstString([record, resource], keys.slice(1));
    if (value === undefined) continue;
    out[field] = convert(field, value.trim());
  }
  return out;
}

function convert(field: OtlpDimension, value: string): string | number | boolean {
  const spec = dimensionSpec(field);
  if (spec.type === "integer" && /^\d{1,9}$/.test(value)) return Number(value);
  if (spec.type === "boolean" && /^(true|false)$/i.test(value)) return value.toLowerCase() === "true";
  if (spec.otlp?.lowercase) return value.toLowerCase();
  return value;
}
