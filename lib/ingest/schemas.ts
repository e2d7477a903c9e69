import Big from "big.js";
import { z } from "zod";
import {
  type BlankUnsetDimension,
  type DefaultedDimension,
  dimensionSpec,
  dimensionsWhere,
  INGEST_RULES,
  type IngestDimension,
} from "@/lib/dimensions/registry";
import { count } from "@/lib/dimensions/rules";
import { usdFromDecimal } from "@/lib/money";
import { storableTextProblem } from "@/lib/validation/text";

export const MAX_BATCH_EVENTS = 1000;
export const MAX_FUTURE_SKEW_MS = 5 * 60 * 1000;
/** numeric(24,10) holds 14 integer digits. */
const MAX_COST = new Big("1e12");

// Postgres text cannot hold NUL, and the rollup key uses control characters as separators.
// biome-ignore lint/suspicious/noControlCharactersInRegex: matching control characters is the point
const NO_CONTROL = /^[^\u0000-\u001f\u007f]*$/;

/** Optional strings: null and "" mean "not set" (see `parseEvent`), so an empty field never becomes its own group. */
const BLANK_UNSET = dimensionsWhere((s) => s.ingest?.blank === "unset") as BlankUnsetDimension[];
const DEFAULTS = dimensionsWhere((s) => s.ingest?.default !== undefined).map((d) => [d, dimensionSpec(d).ingest?.default] as const);
const LOWERCASE = dimensionsWhere((s) => s.lowercase === true && s.ingest !== undefined);
/** Text dimensions checked for control characters and unpaired surrogates. */
const CHECKED_STRINGS = dimensionsWhere((s) => s.type === "text" && s.ingest !== undefined) as IngestDimension[];
const REPO = /^[^/\s]+\/[^/\s]+$/;

const costUsd = z
  .union([z.number().finite(), z.string().regex(/^\d+(\.\d+)?$/, 'must be a decimal string like "0.0123"')], {
    error: "must be a number or a decimal string",
  })
  .transform((v, ctx) => {
    const value = new Big(v); // Big parses the shortest round-trip form of a JS number exactly as written
    if (value.lt(0)) ctx.addIssue({ code: "custom", message: "must be ≥ 0" });
    else if (value.gte(MAX_COST)) ctx.addIssue({ code: "custom", message: "must be less than 1000000000000" });
    return usdFromDecimal(value);
  });

// A plain object schema (zod's fast path) plus one pass for unknown keys and control characters in
// `parseEvent`: a strict object and per-field regexes cost twice as much per event at ingest rates.
export const EventInput = z.object({
  id: z.string({ error: "is required and must be a string" }).min(1, "must not be empty").max(200, "must be at most 200 characters"),
  timestamp: z.iso.datetime({ offset: true, error: "must be an RFC 3339 timestamp with an offset, e.g. 2026-11-22T10:00:00Z" }),
  ...INGEST_RULES,
  input_tokens: count(),
  output_tokens: count(),
  cache_read_tokens: count().default(0),
  cache_write_tokens: count().default(0),
  reasoning_tokens: count().default(0),
  cost_usd: costUsd.optional(),
  status: z.enum(["ok", "error"], { error: 'must be "ok" or "error"' }).default("ok"),
  latency_ms: count().optional(),
  tags: z
    .record(
      z.string().min(1, "tag keys must not be empty").max(64, "tag keys must be at most 64 characters"),
      z.string({ error: "tag values must be strings" }).max(200, "tag values must be at most 200 characters"),
    )
    .refine((t) => Object.keys(t).length <= 32, "must have at most 32 keys")
    .optional(),
});

/** A validated event: optional strings are a non-empty string or absent, and those with a default (`environment`) always set. */
export type EventInput = Omit<z.infer<typeof EventInput>, BlankUnsetDimension> & { [K in BlankUnsetDimension]?: string } & {
  [K in DefaultedDimension]: string;
};

export interface EventError {
  path: string;
  message: string;
}

const KNOWN_FIELDS = new Set(Object.keys(EventInput.shape));

/** Rules across fields, checked once every field is valid on its own (plain code: cheaper than a zod refinement). */
function crossFieldErrors(e: z.infer<typeof EventInput>, now: Date, keepFrom: string | null): EventError[] {
  const errors: EventError[] = [];
  if (e.cache_read_tokens + e.cache_write_tokens > e.input_tokens) {
    errors.push({
      path: "cache_read_tokens",
      message: "cache_read_tokens + cache_write_tokens must not exceed input_tokens (input counts all input, cache included)",
    });
  }
  if (e.reasoning_tokens > e.output_tokens)
    errors.push({ path: "reasoning_tokens", message: "must not exceed output_tokens (reasoning is part of output)" });
  if (e.repo && !REPO.test(e.repo)) errors.push({ path: "repo", message: 'must be "owner/name"' });
  if (e.pr !== undefined && !e.repo) errors.push({ path: "pr", message: "needs repo" });
  if (e.plan && e.surface !== "plan") errors.push({ path: "plan", message: 'is only allowed with surface "plan"' });
  for (const key of CHECKED_STRINGS) {
    const v = e[key];
    if (typeof v !== "string") continue;
    if (!NO_CONTROL.test(v)) errors.push({ path: key, message: "must not contain control characters" });
    else if (!v.isWellFormed()) errors.push({ path: key, message: "must not contain unpaired UTF-16 surrogates" });
  }
  const idProblem = storableTextProblem(e.id);
  if (idProblem) errors.push({ path: "id", message: idProblem });
  for (const [key, value] of Object.entries(e.tags ?? {})) {
    const problem = storableTextProblem(key) ?? storableTextProblem(value);
    if (problem) errors.push({ path: `tags.${key}`, message: problem });
  }
  if (Date.parse(e.timestamp) > now.getTime() + MAX_FUTURE_SKEW_MS) {
    errors.push({ path: "timestamp", message: "must not be more than 5 minutes in the future" });
  }
  if (keepFrom !== null && Date.parse(e.timestamp) < Date.parse(`${keepFrom}T00:00:00Z`)) {
    errors.push({
      path: "timestamp",
      message: `must not be before ${keepFrom} (UTC): the raw events of earlier months are removed by retention (BURNRATE_RETENTION_MONTHS), so they are no longer stored`,
    });
  }
  return errors;
}

/**
 * Validates one event against the contract, including "not more than 5 minutes in the future" and, with retention
 * (`keepFrom`, the period's first month: lib/partitions/partitions.ts retentionKeepFrom), "not in an expired month".
 */
export function parseEvent(
  raw: unknown,
  now: Date,
  keepFrom: string | null = null,
): { ok: true; event: EventInput } | { ok: false; errors: EventError[] } {
  if (typeof raw !== "object" || raw === null || Array.isArray(raw)) {
    return { ok: false, errors: [{ path: "", message: "must be a JSON object" }] };
  }
  const errors: EventError[] = [];
  for (const key of Object.keys(raw)) {
    if (!KNOWN_FIELDS.has(key)) errors.push({ path: key, message: "is not a known field" });
  }
  const parsed = EventInput.safeParse(raw);
  if (!parsed.success) {
    for (const issue of parsed.error.issues) errors.push({ path: issue.path.map(String).join("."), message: issue.message });
  } else {
    errors.push(...crossFieldErrors(parsed.data, now, keepFrom));
  }
  if (errors.length > 0 || !parsed.success) return { ok: false, errors };
  const event = parsed.data as Record<string, unknown>;
  for (const key of BLANK_UNSET) {
    if (event[key] === null || event[key] === "") delete event[key];
  }
  for (const [key, value] of DEFAULTS) event[key] ??= value;
  for (const key of LOWERCASE) event[key] = String(event[key]).toLowerCase();
  return { ok: true, event: event as EventInput };
}
