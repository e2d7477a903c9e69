import { HOUR_MS, type Workload, type World } from "./calendar";
import { BULK_USER, PLANS } from "./catalog";
import { modelCall } from "./events";
import { createRng, deriveSeed } from "./random";

/**
 * An analyst summarizes contracts by hand in ChatGPT (a paid plan seat), a few hundred at a time on
 * Tuesdays and Thursdays: uniform bulk work that belongs on the API.
 */
export function createBulkPlanJob(world: World): Workload {
  const rng = createRng(deriveSeed(world.seed, 6));
  return {
    runDay(day, emit) {
      if (day.daysAgo > world.story.bulkJobDaysAgo || (day.weekday !== 2 && day.weekday !== 4)) return;
      let at = day.start + 14.5 * HOUR_MS + rng.int(0, HOUR_MS);
      const documents = Math.round(rng.int(180, 260) * world.scale);
      for (let i = 0; i < documents; i++) {
        const draft = modelCall(rng, {
          at,
          model: "gpt-5",
          input: rng.int(11_800, 12_400),
          output: rng.int(760, 880),
          reasoning: rng.int(0, 120),
          errorRate: 0.002,
          attribution: {
            surface: "plan",
            plan: PLANS.chatgpt,
            environment: "production",
            user: BULK_USER,
            team: "data",
            feature: "summarize",
            billable: false,
            tags: { chatgpt_project: "contract-summaries" },
          },
        });
        emit(draft);
        at += draft.latency_ms + rng.int(15_000, 40_000);
      }
    },
  };
}
