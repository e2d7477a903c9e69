import { HOUR_MS, isoDate, type Workload, type World } from "./calendar";
import type { ModelId } from "./catalog";
import { modelCall } from "./events";
import { createRng, deriveSeed } from "./random";

interface Suite {
  name: string;
  /** UTC weekdays the suite runs (0 = Sunday). */
  weekdays: readonly number[];
  cases: number;
  models: readonly ModelId[];
  input: number;
  output: number;
  promptVersion: string;
}

const SUITES: readonly Suite[] = [
  {
    name: "triage-regression",
    weekdays: [1, 3, 5],
    cases: 100,
    models: ["gpt-5-mini", "claude-haiku-4-5"],
    input: 2_800,
    output: 180,
    promptVersion: "triage-v6-rc",
  },
  {
    name: "summary-quality",
    weekdays: [6],
    cases: 60,
    models: ["gemini-2.5-flash", "gemini-2.5-pro"],
    input: 20_000,
    output: 400,
    promptVersion: "sum-v5-rc",
  },
];

/** Nightly eval suites from CI: uniform batches, internal and not billable. */
export function createEvals(world: World): Workload {
  const rng = createRng(deriveSeed(world.seed, 5));
  return {
    runDay(day, emit) {
      for (const suite of SUITES) {
        if (!suite.weekdays.includes(day.weekday)) continue;
        let at = day.start + 2 * HOUR_MS + rng.int(0, 20 * 60_000);
        const session = `eval-${isoDate(day.start)}-${suite.name}`;
        for (let c = 1; c <= suite.cases; c++) {
          for (const model of suite.models) {
            const output = suite.output + rng.int(-suite.output / 8, suite.output / 8);
            const draft = modelCall(rng, {
              at,
              model,
              input: suite.input + rng.int(-suite.input / 40, suite.input / 40),
              output,
              reasoning: model.startsWith("gpt-5") ? output * 0.4 : 0,
              attribution: {
                environment: "staging",
                team: "data",
                feature: "evals",
                session,
                prompt_version: suite.promptVersion,
                billable: false,
                tags: { suite: suite.name, case: `case-${String(c).padStart(3, "0")}` },
              },
            });
            emit(draft);
            at += rng.int(250, 900);
          }
        }
      }
    },
  };
}
