import { promptCache } from "./audience";
import type { Emit } from "./calendar";
import { type ModelId, type Person, PLANS, type Tool, type Workflow } from "./catalog";
import { type Attribution, modelCall } from "./events";
import type { DemoPullRequest } from "./pull-requests";
import type { Rng } from "./random";

export type CodingAgent = "claude-code" | "codex";

interface PhaseShape {
  turns: readonly [number, number];
  calls: readonly [number, number];
  outputMedian: number;
  tools: readonly Tool[];
}

const PHASES: Record<Workflow, PhaseShape> = {
  planning: { turns: [1, 2], calls: [2, 5], outputMedian: 900, tools: ["web-search", "github-mcp", "bash"] },
  exploration: { turns: [1, 3], calls: [3, 8], outputMedian: 220, tools: ["bash", "bash", "github-mcp", "postgres-mcp"] },
  codegen: { turns: [2, 4], calls: [3, 10], outputMedian: 1_300, tools: ["bash", "bash", "bash", "web-search"] },
  testing: { turns: [1, 2], calls: [2, 6], outputMedian: 300, tools: ["bash", "bash", "browser", "postgres-mcp"] },
  review: { turns: [1, 1], calls: [2, 4], outputMedian: 450, tools: ["github-mcp", "github-mcp", "bash"] },
};

/** Median size of a tool result fed back into the context, and how long the tool runs (ms). */
const TOOL_RESULT: Record<Tool, { tokens: number; ms: number }> = {
  bash: { tokens: 2_000, ms: 3_000 },
  "github-mcp": { tokens: 2_500, ms: 900 },
  "postgres-mcp": { tokens: 1_200, ms: 400 },
  browser: { tokens: 4_500, ms: 4_000 },
  "web-search": { tokens: 2_500, ms: 2_500 },
};

const CACHE_TTL_MS = 5 * 60_000;
const COMPACT_AT = 155_000;

export interface SessionPlan {
  person: Person;
  agent: CodingAgent;
  repo: string;
  branch: string;
  pr?: DemoPullRequest;
  phases: readonly Workflow[];
  start: number;
  /** Called after the first call of the review phase when this session opens the PR. */
  openPr?: (at: number) => DemoPullRequest;
}

/**
 * One interactive coding-agent session: human turns, each an agent loop of calls whose context grows with
 * tool results (mostly cache reads), compaction near the context limit, human gaps that let the cache expire.
 * Claude Code runs on the team's paid plan and reports its own cost; Codex runs on the metered API.
 * Returns the session's end and its PR (opened now or before).
 */
export function runCodingSession(rng: Rng, plan: SessionPlan, emit: Emit): { end: number; pr?: DemoPullRequest } {
  const claude = plan.agent === "claude-code";
  const mainModel: ModelId = claude ? (rng.chance(plan.person.opusShare) ? "claude-opus-4-1" : "claude-sonnet-4-5") : "gpt-5-codex";
  const base: Attribution = {
    surface: claude ? "plan" : "api",
    plan: claude ? PLANS.claudeCode : undefined,
    environment: "development",
    user: plan.person.email,
    team: plan.person.team,
    repo: plan.repo,
    branch: plan.branch,
    agent: plan.agent,
    session: uuid(rng),
    billable: false,
  };
  let pr = plan.pr;
  let at = plan.start;
  let context = rng.int(28_000, 40_000); // system prompt, tool and MCP definitions, CLAUDE.md / AGENTS.md
  let cached = 0;
  let cachedModel: ModelId | undefined;
  let lastCall = Number.NEGATIVE_INFINITY;

  const call = (model: ModelId, output: number, attribution: Attribution, compaction = false) => {
    const warm = model === cachedModel && at - lastCall < CACHE_TTL_MS;
    const draft = modelCall(rng, {
      at,
      model,
      input: context,
      output,
      reasoning: claude ? 0 : output * rng.range(0.4, 0.8),
      ...promptCache(model, cached, context, warm),
      attribution: { ...attribution, pr: pr?.number },
      reportCost: claude,
    });
    emit(draft);
    lastCall = at;
    at += draft.latency_ms;
    if (draft.status === "error") {
      at += rng.int(1_000, 8_000);
      return false;
    }
    cached = context;
    cachedModel = model;
    context = compaction ? rng.int(34_000, 46_000) : context + draft.output_tokens;
    return true;
  };

  let firstTurn = true;
  for (const workflow of plan.phases) {
    const shape = PHASES[workflow];
    const turns = rng.int(...shape.turns);
    for (let t = 0; t < turns; t++) {
      if (!firstTurn) at += rng.chance(0.08) ? rng.int(10 * 60_000, 45 * 60_000) : rng.tokens(90_000, 0.8, 15_000, 600_000);
      firstTurn = false;
      const trace = rng.hex(32);
      const model: ModelId = claude && workflow === "planning" && rng.chance(0.25) ? "claude-opus-4-1" : mainModel;
      context += rng.tokens(150, 0.9, 10, 3_000);
      if (claude) {
        // Claude Code's small background call on Haiku at each prompt.
        emit(
          modelCall(rng, {
            at,
            model: "claude-haiku-4-5",
            input: rng.int(300, 2_500),
            output: rng.int(5, 60),
            attribution: { ...base, workflow, trace, pr: pr?.number },
            reportCost: true,
          }),
        );
        at += rng.int(200, 900);
      }
      const calls = rng.int(...shape.calls);
      let tool: Tool | undefined;
      for (let c = 0; c < calls; c++) {
        const output = rng.tokens(shape.outputMedian * (claude ? 1 : 1.3), 0.7, 20, 8_000);
        if (!call(model, output, { ...base, workflow, trace, tool })) {
          c--; // retried
          continue;
        }
        if (workflow === "review" && !pr && plan.openPr) pr = plan.openPr(at);
        if (context > COMPACT_AT) call(model, rng.int(2_500, 4_000), { ...base, workflow, trace }, true);
        if (c < calls - 1) {
          tool = rng.pick(shape.tools);
          const result = TOOL_RESULT[tool];
          at += rng.tokens(result.ms, 0.9, 100, 120_000);
          context += rng.tokens(result.tokens, 0.7, 100, 12_000);
        }
      }
    }
  }
  return { end: at, pr };
}

function uuid(rng: Rng): string {
  const h = rng.hex(32);
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-4${h.slice(13, 16)}-a${h.slice(17, 20)}-${h.slice(20)}`;
}
