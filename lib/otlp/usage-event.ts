import { type Attributes, stringAttr } from "./attributes";
import { type Attribution, readAttribution } from "./attribution";

/** A usage event in the `POST /api/v1/events` wire format, before validation (`ingestEvents` validates it). */
export type RawEvent = Record<string, unknown>;

/** What a record maps to: a usage event, with a label for error messages, or nothing (not a model call). */
export interface UsageRecord {
  event: RawEvent;
  label: string;
}

/**
 * Completes an event mapped from a record: attribution from `burnrate.*` attributes overrides what the mapper
 * derived (a team can mark Claude Code on a subscription as `surface=plan`), a plan implies surface `plan`,
 * and unset fields are left out so the event contract's defaults apply.
 */
export function withAttribution(base: RawEvent, record: Attributes, resource: Attributes): RawEvent {
  const attribution: Attribution = readAttribution(record, resource);
  const event: RawEvent = { ...base, ...attribution };
  if (attribution.plan !== undefined && attribution.surface === undefined) event.surface = "plan";
  for (const [key, value] of Object.entries(event)) if (value === undefined) delete event[key];
  return event;
}

/** Context worth keeping with an event (organisation, terminal, client version) as tags: strings ≤ 200 characters. */
export function contextTags(sources: readonly Attributes[], keys: readonly string[]): Record<string, string> | undefined {
  const tags: Record<string, string> = {};
  for (const key of keys) {
    for (const attrs of sources) {
      const value = stringAttr(attrs, key);
      if (value !== undefined) {
        tags[key] = value.replaceAll("\u0000", "").slice(0, 200);
        break;
      }
    }
  }
  return Object.keys(tags).length > 0 ? tags : undefined;
}

/** A cost attribute as the event contract takes it: a finite number ≥ 0 or a decimal string; else not sent. */
export function reportedCost(value: unknown): number | string | undefined {
  if (typeof value === "number") return Number.isFinite(value) && value >= 0 ? value : undefined;
  if (typeof value === "string") {
    const v = value.trim();
    if (/^\d+(\.\d+)?$/.test(v)) return v;
    const n = Number(v);
    return v !== "" && Number.isFinite(n) && n >= 0 ? n : undefined;
  }
  return undefined;
}

/** A duration in milliseconds (int, double or numeric string) as the integer `latency_ms`; else not sent. */
export function latencyMs(value: number | undefined): number | undefined {
  return value !== undefined && value >= 0 ? Math.round(value) : undefined;
}
