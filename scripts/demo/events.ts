import { MODELS, type ModelId } from "./catalog";
import type { Rng } from "./random";

/** One event in the wire format of `POST /api/v1/events` (DESIGN §3.2); unset keys are absent. */
export interface DemoEvent {
  id: string;
  timestamp: string;
  provider: string;
  model: string;
  surface?: "api" | "plan";
  plan?: string;
  input_tokens: number;
  output_tokens: number;
  cache_read_tokens: number;
  cache_write_tokens: number;
  reasoning_tokens: number;
  cost_usd?: string;
  status: "ok" | "error";
  latency_ms: number;
  environment: string;
  user?: string;
  customer?: string;
  team?: string;
  feature?: string;
  workflow?: string;
  repo?: string;
  branch?: string;
  pr?: number;
  tool?: string;
  agent?: string;
  session?: string;
  trace?: string;
  prompt_version?: string;
  billable: boolean;
  tags?: Record<string, string>;
}

/** An event before it gets its id: `at` is its time in epoch ms. */
export type Draft = Omit<DemoEvent, "id" | "timestamp"> & { at: number };

/** The attribution of a call: everything but model, tokens and outcome. */
export type Attribution = Partial<
  Pick<
    DemoEvent,
    | "surface"
    | "plan"
    | "user"
    | "customer"
    | "team"
    | "feature"
    | "workflow"
    | "repo"
    | "branch"
    | "pr"
    | "tool"
    | "agent"
    | "session"
    | "trace"
    | "prompt_version"
    | "tags"
  >
> & { environment: string; billable: boolean };

export interface CallSpec {
  at: number;
  model: ModelId;
  input: number;
  output: number;
  cacheRead?: number;
  cacheWrite?: number;
  reasoning?: number;
  attribution: Attribution;
  /** Chance the call fails (no tokens billed). */
  errorRate?: number;
  /** Attach `cost_usd` the way Claude Code reports it. */
  reportCost?: boolean;
}

const DEFAULT_ERROR_RATE = 0.006;

/** Builds one call: clamps the token parts, derives latency from output size, and rolls for an error. */
export function modelCall(rng: Rng, spec: CallSpec): Draft {
  const profile = MODELS[spec.model];
  const failed = rng.chance(spec.errorRate ?? DEFAULT_ERROR_RATE);
  const input = failed ? 0 : Math.max(0, Math.round(spec.input));
  const output = failed ? 0 : Math.max(0, Math.round(spec.output));
  const cacheRead = Math.min(input, Math.max(0, Math.round(spec.cacheRead ?? 0)));
  const cacheWrite = Math.min(input - cacheRead, Math.max(0, Math.round(spec.cacheWrite ?? 0)));
  const reasoning = Math.min(output, Math.max(0, Math.round(spec.reasoning ?? 0)));
  let latency: number;
  let tags = spec.attribution.tags;
  if (failed) {
    const kind = rng.weighted([
      ["rate_limit", 6],
      ["timeout", 2],
      ["server_error", 2],
    ] as const);
    latency = kind === "timeout" ? rng.int(30_000, 60_000) : kind === "rate_limit" ? rng.int(60, 400) : rng.int(400, 3_000);
    tags = { ...tags, error_type: kind };
  } else {
    latency = profile.ttftMs * rng.range(0.6, 1.5) + input * 0.002 + output * profile.msPerOutputToken * rng.range(0.8, 1.25);
  }
  const a = spec.attribution;
  // One fixed shape for every draft (unset = undefined): fast to build; finalizeEvent drops the unset keys.
  return {
    at: Math.floor(spec.at),
    provider: profile.provider,
    model: spec.model,
    surface: a.surface,
    plan: a.plan,
    input_tokens: input,
    output_tokens: output,
    cache_read_tokens: cacheRead,
    cache_write_tokens: cacheWrite,
    reasoning_tokens: reasoning,
    cost_usd: spec.reportCost && !failed ? claudeCost(spec.model, input, output, cacheRead, cacheWrite) : undefined,
    status: failed ? "error" : "ok",
    latency_ms: Math.round(latency),
    environment: a.environment,
    user: a.user,
    customer: a.customer,
    team: a.team,
    feature: a.feature,
    workflow: a.workflow,
    repo: a.repo,
    branch: a.branch,
    pr: a.pr,
    tool: a.tool,
    agent: a.agent,
    session: a.session,
    trace: a.trace,
    prompt_version: a.prompt_version,
    billable: a.billable,
    tags,
  };
}

/** The wire event: id and timestamp first, then the set fields in §3.2 order (byte-identical JSON per run). */
export function finalizeEvent(d: Draft, id: string): DemoEvent {
  // Written out key by key: several times faster than a generic loop over 100k events.
  const e = { id, timestamp: new Date(d.at).toISOString(), provider: d.provider, model: d.model } as DemoEvent;
  if (d.surface !== undefined) e.surface = d.surface;
  if (d.plan !== undefined) e.plan = d.plan;
  e.input_tokens = d.input_tokens;
  e.output_tokens = d.output_tokens;
  e.cache_read_tokens = d.cache_read_tokens;
  e.cache_write_tokens = d.cache_write_tokens;
  e.reasoning_tokens = d.reasoning_tokens;
  if (d.cost_usd !== undefined) e.cost_usd = d.cost_usd;
  e.status = d.status;
  e.latency_ms = d.latency_ms;
  e.environment = d.environment;
  if (d.user !== undefined) e.user = d.user;
  if (d.customer !== undefined) e.customer = d.customer;
  if (d.team !== undefined) e.team = d.team;
  if (d.feature !== undefined) e.feature = d.feature;
  if (d.workflow !== undefined) e.workflow = d.workflow;
  if (d.repo !== undefined) e.repo = d.repo;
  if (d.branch !== undefined) e.branch = d.branch;
  if (d.pr !== undefined) e.pr = d.pr;
  if (d.tool !== undefined) e.tool = d.tool;
  if (d.agent !== undefined) e.agent = d.agent;
  if (d.session !== undefined) e.session = d.session;
  if (d.trace !== undefined) e.trace = d.trace;
  if (d.prompt_version !== undefined) e.prompt_version = d.prompt_version;
  e.billable = d.billable;
  if (d.tags !== undefined) e.tags = { ...d.tags }; // drafts of one session share their tags object
  return e;
}

/** Anthropic list prices in US cents per million tokens: input, cache write (5 min), cache read, output. */
const CLAUDE_PRICES: Partial<Record<ModelId, { base: readonly number[]; over200k?: readonly number[] }>> = {
  "claude-sonnet-4-5": { base: [300, 375, 30, 1500], over200k: [600, 750, 60, 2250] },
  "claude-opus-4-1": { base: [1500, 1875, 150, 7500] },
  "claude-haiku-4-5": { base: [100, 125, 10, 500] },
};

/** The cost Claude Code reports for a call, as an exact decimal string (integer arithmetic in 1e-8 USD). */
export function claudeCost(model: ModelId, input: number, output: number, cacheRead: number, cacheWrite: number): string {
  const card = CLAUDE_PRICES[model];
  if (!card) throw new Error(`no Claude price for ${model}`);
  const [inCents, writeCents, readCents, outCents] = (input > 200_000 && card.over200k) || card.base;
  const units = (input - cacheRead - cacheWrite) * inCents! + cacheWrite * writeCents! + cacheRead * readCents! + output * outCents!;
  const whole = Math.floor(units / 1e8);
  return `${whole}.${String(units - whole * 1e8).padStart(8, "0")}`;
}
