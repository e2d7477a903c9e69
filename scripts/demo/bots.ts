import { DAY_MS, type Emit, type World } from "./calendar";
import { type Attribution, modelCall } from "./events";
import type { DemoPullRequest } from "./pull-requests";
import type { Rng } from "./random";

function prAttribution(pr: DemoPullRequest): Pick<Attribution, "repo" | "branch" | "pr"> {
  return { repo: pr.repo, branch: pr.branch, pr: pr.number };
}

/** The internal code-review agent reads the diff and posts comments (o3, later gpt-5) after each push to a PR. */
export function runReviewBot(rng: Rng, world: World, pr: DemoPullRequest, start: number, emit: Emit): void {
  const upgraded = start >= world.now - world.story.reviewBotUpgradeDaysAgo * DAY_MS;
  const model = upgraded ? "gpt-5" : "o3";
  const attribution: Attribution = {
    environment: "production",
    team: "platform",
    feature: "code-review",
    workflow: "review",
    ...prAttribution(pr),
    tool: "github-mcp",
    agent: "review-bot",
    session: `review-${rng.hex(12)}`,
    trace: rng.hex(32),
    prompt_version: "review-v3",
    billable: false,
  };
  let at = start;
  let context = rng.tokens(14_000, 0.6, 4_000, 60_000);
  const calls = rng.int(2, 6);
  for (let i = 0; i < calls; i++) {
    const output = rng.tokens(900, 0.5, 150, 5_000);
    const draft = modelCall(rng, {
      at,
      model,
      input: context,
      output,
      reasoning: output * rng.range(0.5, 0.8),
      cacheRead: i > 0 ? context - 2_000 : 0,
      attribution,
    });
    emit(draft);
    context += output + rng.int(300, 2_500);
    at += draft.latency_ms + rng.int(400, 2_500);
  }
}

/** The CI agent re-runs failing tests and patches them (Sonnet over the API, no prompt caching). */
export function runCiFixer(rng: Rng, pr: DemoPullRequest, start: number, emit: Emit, calls = rng.int(3, 14)): void {
  const attribution: Attribution = {
    surface: "api",
    environment: "development",
    team: "platform",
    workflow: "testing",
    ...prAttribution(pr),
    tool: "bash",
    agent: "ci-fixer",
    session: `ci-fixer-${rng.hex(12)}`,
    trace: rng.hex(32),
    billable: false,
  };
  let at = start;
  let context = rng.int(16_000, 22_000);
  for (let i = 0; i < calls; i++) {
    const output = rng.tokens(450, 0.5, 120, 2_000);
    const draft = modelCall(rng, { at, model: "claude-sonnet-4-5", input: context, output, attribution });
    emit(draft);
    if (draft.status === "ok") context += output + rng.tokens(2_200, 0.5, 300, 8_000);
    at += draft.latency_ms + rng.int(3_000, 40_000);
  }
}
