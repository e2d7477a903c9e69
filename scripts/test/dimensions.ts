import { DIMENSIONS, type Dimension, dimensionSpec } from "@/lib/dimensions/registry";
import { makeEvent } from "./events";

/**
 * A valid value of each dimension, as a caller sends it (tests): text looks like `owner/name` (valid wherever a
 * dimension has a shape, as `repo` does), a closed set gives its last value (`surface`: "plan", which also allows a
 * `plan`), integers 7 and booleans false (the non-default).
 */
export function sampleValue(d: Dimension): string | number | boolean {
  const spec = dimensionSpec(d);
  if (spec.type === "integer") return 7;
  if (spec.type === "boolean") return false;
  return spec.values?.[spec.values.length - 1] ?? `acme/${d}-value`;
}

/** A wire-format event with every dimension callers send set to its sample value. */
export function sampleEvent(overrides: Record<string, unknown> = {}): Record<string, unknown> {
  const dims = DIMENSIONS.filter((d) => dimensionSpec(d).ingest).map((d) => [d, sampleValue(d)]);
  return makeEvent({ ...Object.fromEntries(dims), ...overrides });
}
