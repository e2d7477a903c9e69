import { z } from "zod";
import type { RollupName } from "./rollups";
import { count, optionalField, requiredText } from "./rules";

/** How a dimension is stored: the events' column type (and every rollup's that holds it). */
export type DimensionType = "text" | "integer" | "boolean";

/** A usage-event field that callers send, as `POST /api/v1/events` validates it. */
export interface IngestField {
  rule: z.ZodType;
  /** null and "" mean "not set": the field is dropped after validation. */
  blank?: "unset";
  /** The value of a field left unset. */
  default?: string;
}

export interface DimensionSpec {
  type: DimensionType;
  /** NOT NULL in `events` and in every rollup that holds it. */
  notNull: boolean;
  /** What the dashboard calls it. */
  label: string;
  /** The daily rollups that hold it (none: only `events`, for tags whose cardinality approaches the event count). */
  rollups: readonly RollupName[];
  /** Its ingest rule; absent when Burnrate sets the value itself. */
  ingest?: IngestField;
  /** The only values it takes, when they are a closed set of our own words. */
  values?: readonly string[];
  /** Stored lowercased, so filters match case-insensitively. */
  lowercase?: true;
  /**
   * Its CSV export column (DESIGN §3.7): in every row, in declaration order after `date` ("day"), or only at
   * `granularity=event`, at that position after `id` and `timestamp`.
   */
  csv?: "day" | { event: number };
  /** Carried in the FOCUS export's `Tags` (FOCUS rows are computed from the CSV's, so it needs `csv: "day"`). */
  focusTag?: true;
  /**
   * The OpenTelemetry attributes that set it on a record or its resource: our own key first (it wins wherever it
   * is), then standard keys read when it is absent; `help` is what the Connect screen says it sets; `lowercase`
   * folds the value's case before validation.
   */
  otlp?: { keys: readonly [string, ...string[]]; help: string; lowercase?: true };
  /**
   * Not stored: resolved when read, from the stored dimensions named here (lib/people: `person` from `user`, then
   * `api_key`). `rollups` then lists the rollups holding everything it is resolved from.
   */
  resolvedFrom?: readonly string[];
}

const ALL = ["core", "repo_tool", "wide"] as const;
const SURFACES = ["api", "plan"] as const;

/**
 * Every dimension, declared once; the order is the API's (`group_by`, filters, error messages) and the rollup key's.
 * Everything that lists dimensions derives from this: the spend query and its rollup choice, the rollup tables and
 * their upserts, the event schema and insert, the CSV and FOCUS export, OTLP attribution and the screens' labels.
 */
export const REGISTRY = {
  provider: {
    type: "text",
    notNull: true,
    label: "Provider",
    rollups: ALL,
    ingest: { rule: requiredText(100) },
    lowercase: true,
    csv: "day",
  },
  model: { type: "text", notNull: true, label: "Model", rollups: ALL, ingest: { rule: requiredText(200) }, csv: "day" },
  surface: {
    type: "text",
    notNull: true,
    label: "Surface",
    rollups: ALL,
    ingest: { rule: z.enum(SURFACES, { error: 'must be "api" or "plan"' }).default("api") },
    values: SURFACES,
    csv: "day",
    otlp: {
      keys: ["burnrate.surface"],
      help: "api (metered) or plan (a subscription: no metered cost, list cost kept)",
      lowercase: true,
    },
  },
  plan: {
    type: "text",
    notNull: false,
    label: "Plan",
    rollups: ALL,
    ingest: optionalField(),
    otlp: { keys: ["burnrate.plan"], help: "the paid plan's name; implies surface plan" },
  },
  environment: {
    type: "text",
    notNull: true,
    label: "Environment",
    rollups: ALL,
    ingest: optionalField("production"),
    csv: "day",
    otlp: {
      keys: ["burnrate.environment", "deployment.environment.name", "deployment.environment"],
      help: "environment (also deployment.environment.name; default production)",
    },
  },
  team: {
    type: "text",
    notNull: false,
    label: "Team",
    rollups: ALL,
    ingest: optionalField(),
    csv: "day",
    focusTag: true,
    otlp: { keys: ["burnrate.team", "team.id"], help: "team (also read from team.id)" },
  },
  user: {
    type: "text",
    notNull: false,
    label: "User",
    rollups: ["wide"],
    ingest: optionalField(),
    csv: "day",
    focusTag: true,
    otlp: { keys: ["burnrate.user"], help: "member (defaults: user.email, then the account id)" },
  },
  person: {
    type: "text",
    notNull: false,
    label: "Person",
    rollups: ["wide"],
    resolvedFrom: ["user", "api_key"],
  },
  customer: {
    type: "text",
    notNull: false,
    label: "Customer",
    rollups: ["wide"],
    ingest: optionalField(),
    csv: "day",
    focusTag: true,
    otlp: { keys: ["burnrate.customer"], help: "customer served" },
  },
  feature: {
    type: "text",
    notNull: false,
    label: "Feature",
    rollups: ALL,
    ingest: optionalField(),
    csv: "day",
    focusTag: true,
    otlp: { keys: ["burnrate.feature"], help: "product feature" },
  },
  workflow: {
    type: "text",
    notNull: false,
    label: "Workflow",
    rollups: ALL,
    ingest: optionalField(),
    csv: "day",
    focusTag: true,
    otlp: { keys: ["burnrate.workflow"], help: "workflow step: planning, codegen, review…" },
  },
  repo: {
    type: "text",
    notNull: false,
    label: "Repository",
    rollups: ["repo_tool", "wide"],
    ingest: optionalField(),
    csv: "day",
    focusTag: true,
    otlp: { keys: ["burnrate.repo"], help: "repository, owner/name" },
  },
  branch: {
    type: "text",
    notNull: false,
    label: "Branch",
    rollups: [],
    ingest: optionalField(),
    otlp: { keys: ["burnrate.branch"], help: "git branch (joins events to pull requests)" },
  },
  pr: {
    type: "integer",
    notNull: false,
    label: "Pull request",
    rollups: [],
    ingest: { rule: count().min(1, "must be ≥ 1").optional() },
    csv: { event: 3 },
    otlp: { keys: ["burnrate.pr"], help: "pull request number (needs repo)" },
  },
  tool: {
    type: "text",
    notNull: false,
    label: "Tool / MCP server",
    rollups: ["repo_tool", "wide"],
    ingest: optionalField(),
    csv: "day",
    focusTag: true,
    otlp: { keys: ["burnrate.tool"], help: "tool or MCP server" },
  },
  agent: {
    type: "text",
    notNull: false,
    label: "Agent",
    rollups: ALL,
    ingest: optionalField(),
    otlp: { keys: ["burnrate.agent"], help: "agent (defaults: claude-code, codex, gen_ai.agent.name)" },
  },
  session: { type: "text", notNull: false, label: "Session", rollups: [], ingest: optionalField(), csv: { event: 1 } },
  trace: { type: "text", notNull: false, label: "Trace", rollups: [], ingest: optionalField(), csv: { event: 2 } },
  prompt_version: {
    type: "text",
    notNull: false,
    label: "Prompt version",
    rollups: ["wide"],
    ingest: optionalField(),
    otlp: { keys: ["burnrate.prompt_version"], help: "prompt version" },
  },
  billable: {
    type: "boolean",
    notNull: true,
    label: "Billable",
    rollups: ALL,
    ingest: { rule: z.boolean({ error: "must be true or false" }).default(true) },
    csv: "day",
    otlp: { keys: ["burnrate.billable"], help: "true or false" },
  },
  cost_source: { type: "text", notNull: true, label: "Cost source", rollups: ALL, csv: "day" },
  /** The Burnrate API key that sent the event (its id), set at ingest; null for events Burnrate stored itself. */
  api_key: { type: "text", notNull: false, label: "API key", rollups: ["wide"] },
} as const satisfies Record<string, DimensionSpec>;

export type Dimension = keyof typeof REGISTRY;
export const DIMENSIONS = Object.keys(REGISTRY) as [Dimension, ...Dimension[]];

/** A dimension's declaration, typed as any declaration (for code that handles every dimension alike). */
export const dimensionSpec = (d: Dimension): DimensionSpec => REGISTRY[d];

/** The dimensions that are columns of `events` (and of the rollups declaring them): all but the resolved ones. */
export const STORED_DIMENSIONS = DIMENSIONS.filter((d) => !dimensionSpec(d).resolvedFrom) as StoredDimension[];

/** The dimensions whose declaration satisfies `test`, in registry order. */
export function dimensionsWhere(test: (spec: DimensionSpec, d: Dimension) => boolean): Dimension[] {
  return DIMENSIONS.filter((d) => test(REGISTRY[d], d));
}

/** The column as SQL text: quoted when its name is a reserved word. */
export const sqlColumn = (d: Dimension) => (d === "user" ? `"user"` : d);

/** A dimension that is a column (not resolved when read). */
export type StoredDimension = Exclude<Dimension, { [K in Dimension]: Spec<K> extends { resolvedFrom: object } ? K : never }[Dimension]>;

/** Its SQL type. */
export const sqlType = (d: Dimension) => REGISTRY[d].type;

/** Free text from callers (a CSV cell may need neutralising), as opposed to our own words and non-text values. */
export const isCallerText = (d: Dimension) => {
  const s = dimensionSpec(d);
  return s.type === "text" && s.ingest !== undefined && s.values === undefined;
};

type Spec<K extends Dimension> = (typeof REGISTRY)[K];
/** Dimensions callers send on an event. */
export type IngestDimension = { [K in Dimension]: Spec<K> extends { ingest: object } ? K : never }[Dimension];
/** Dimensions whose null or "" means "not set". */
export type BlankUnsetDimension = { [K in Dimension]: Spec<K> extends { ingest: { blank: "unset" } } ? K : never }[Dimension];
/** Dimensions with a value when callers leave them out. */
export type DefaultedDimension = { [K in Dimension]: Spec<K> extends { ingest: { default: string } } ? K : never }[Dimension];
/** Dimensions OpenTelemetry attributes can set. */
export type OtlpDimension = { [K in Dimension]: Spec<K> extends { otlp: object } ? K : never }[Dimension];

/** Each ingested dimension's zod rule, for the event schema's shape. */
export const INGEST_RULES = Object.fromEntries(
  DIMENSIONS.flatMap((d) => {
    const ingest = dimensionSpec(d).ingest;
    return ingest ? [[d, ingest.rule]] : [];
  }),
) as { [K in IngestDimension]: Extract<Spec<K>, { ingest: object }>["ingest"]["rule"] };
