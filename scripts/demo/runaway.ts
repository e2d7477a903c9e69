import { DAY_MS, HOUR_MS, type Workload, type World } from "./calendar";
import { type Attribution, modelCall } from "./events";
import type { PullRequestLedger } from "./pull-requests";
import { createRng, deriveSeed } from "./random";

export const RUNAWAY = { agent: "ci-fixer", repo: "acme/api", branch: "renovate/postgres-17.x", calls: 300 } as const;

/**
 * Overnight, the ci-fixer agent loops on a Renovate PR: the same failing test, the same patch, hundreds
 * of times. Each call re-sends a longer context (no caching), so every call costs more than the last;
 * rate-limit errors come in bursts and are retried. The PR is closed unmerged the next morning.
 */
export function createRunaway(world: World, ledger: PullRequestLedger): Workload {
  const rng = createRng(deriveSeed(world.seed, 8));
  return {
    runDay(day, emit) {
      if (day.daysAgo !== world.story.runawayDaysAgo) return;
      const pr = ledger.open(RUNAWAY.repo, RUNAWAY.branch, "Update dependency postgres to v17", "renovate[bot]", day.start + 48 * 60_000);
      const attribution: Attribution = {
        surface: "api",
        environment: "development",
        team: "platform",
        workflow: "testing",
        repo: pr.repo,
        branch: pr.branch,
        pr: pr.number,
        tool: "bash",
        agent: RUNAWAY.agent,
        session: `ci-fixer-${rng.hex(12)}`,
        trace: rng.hex(32),
        billable: false,
        tags: { ci_job: "test-api" },
      };
      let at = day.start + HOUR_MS + 12 * 60_000;
      let context = 24_000;
      let completed = 0;
      let burst = 0;
      while (completed < RUNAWAY.calls) {
        if (burst === 0 && completed > 20 && rng.chance(0.04)) burst = rng.int(2, 4);
        const failing = burst > 0;
        const draft = modelCall(rng, {
          at,
          model: "claude-sonnet-4-5",
          input: context,
          output: rng.int(385, 425),
          errorRate: failing ? 1 : 0,
          attribution,
        });
        emit(draft);
        at += draft.latency_ms;
        if (failing) {
          burst--;
          at += rng.int(2_000, 8_000);
        } else {
          completed++;
          context += rng.int(570, 630);
          at += rng.int(9_000, 18_000); // the test suite runs again
        }
      }
      ledger.settle(pr, "closed", day.start + DAY_MS + 10 * HOUR_MS + 40 * 60_000);
    },
  };
}
