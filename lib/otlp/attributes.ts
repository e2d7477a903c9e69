import type { AnyValueJson, KeyValueJson } from "./schemas";

/** An attribute value as plain JavaScript: OTLP's AnyValue without its wrapper. */
export type AttrValue = string | number | boolean | null | AttrValue[] | { [key: string]: AttrValue };
export type Attributes = Readonly<Record<string, AttrValue>>;

/**
 * `intValue` arrives as a JSON number or a decimal string (64-bit); it becomes a number when it fits exactly,
 * else stays a decimal string. `doubleValue` may be a string in proto3 JSON ("NaN", "1.5").
 */
export function anyValue(value: AnyValueJson | null | undefined): AttrValue {
  if (!value) return null;
  if (value.stringValue != null) return value.stringValue;
  if (value.boolValue != null) return value.boolValue;
  if (value.intValue != null) {
    const n = Number(value.intValue);
    return Number.isSafeInteger(n) ? n : String(value.intValue);
  }
  if (value.doubleValue != null) return Number(value.doubleValue);
  if (value.arrayValue != null) return (value.arrayValue.values ?? []).map(anyValue);
  if (value.kvlistValue != null) return attributes(value.kvlistValue.values);
  if (value.bytesValue != null) return value.bytesValue;
  return null;
}

/** OTLP's list of key-value pairs as an object; a repeated key keeps its last value. */
export function attributes(list: readonly KeyValueJson[] | null | undefined): Attributes {
  // Object.fromEntries defines own properties, so a key such as "__proto__" is just a key.
  return Object.fromEntries((list ?? []).map((kv) => [kv.key, anyValue(kv.value)]));
}

/** A non-empty string attribute (numbers and booleans as written), or undefined. */
export function stringAttr(attrs: Attributes, key: string): string | undefined {
  const v = attrs[key];
  if (typeof v === "string") return v.trim() === "" ? undefined : v;
  if (typeof v === "number" || typeof v === "boolean") return String(v);
  return undefined;
}

/** The first key that holds a non-empty string, looking through each attribute set in order. */
export function firstString(sets: readonly Attributes[], keys: readonly string[]): string | undefined {
  for (const attrs of sets) {
    for (const key of keys) {
      const v = stringAttr(attrs, key);
      if (v !== undefined) return v;
    }
  }
  return undefined;
}

/**
 * A count attribute (tokens, milliseconds) as a number: an int, a double or a numeric string. Undefined when
 * absent or not numeric, so the caller decides between "not sent" and a value the event validation rejects.
 */
export function numberAttr(attrs: Attributes, key: string): number | undefined {
  const v = attrs[key];
  if (typeof v === "number") return Number.isFinite(v) ? v : undefined;
  if (typeof v === "string" && v.trim() !== "") {
    const n = Number(v);
    return Number.isFinite(n) ? n : undefined;
  }
  return undefined;
}

/** Nanoseconds since the epoch (a decimal string or number) → RFC 3339 in UTC with millisecond precision. */
export function nanosToIso(nanos: string | number | null | undefined): string | undefined {
  if (nanos == null) return undefined;
  let ms: number;
  try {
    ms = Number(BigInt(nanos) / 1_000_000n);
  } catch {
    return undefined;
  }
  if (ms <= 0) return undefined; // 0 = "unknown" in OTLP
  const date = new Date(ms);
  return Number.isNaN(date.getTime()) ? undefined : date.toISOString();
}
