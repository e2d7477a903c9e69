import { afterEach, expect, it } from "vitest";
import type { z } from "zod";
import { EnvSchema } from "@/lib/env";
import { describeEachDatabase } from "@/scripts/test/databases";
import { registerJob, startJobs, stopJobs } from "./runner";

/** The smallest and largest value lib/env.ts accepts for an interval variable. */
function bounds(name: "BURNRATE_EVAL_INTERVAL_SECONDS" | "BURNRATE_SYNC_INTERVAL_MINUTES"): [number, number] {
  const schema = EnvSchema.shape[name] as unknown as z.ZodType;
  const accepts = (v: number) => schema.safeParse(String(v)).success;
  let min = 1;
  while (!accepts(min)) min++;
  let max = min;
  while (max < 1_000_000 && accepts(max + 1)) max++;
  return [min, max];
}

const [evalMin, evalMax] = bounds("BURNRATE_EVAL_INTERVAL_SECONDS");
const [syncMin, syncMax] = bounds("BURNRATE_SYNC_INTERVAL_MINUTES");

describeEachDatabase("job runner at every interval the environment accepts", (t) => {
  afterEach(async () => {
    await stopJobs();
  });

  it.each([
    ["BURNRATE_EVAL_INTERVAL_SECONDS min", evalMin],
    ["BURNRATE_EVAL_INTERVAL_SECONDS max", evalMax],
    ["BURNRATE_SYNC_INTERVAL_MINUTES min", syncMin * 60],
    ["BURNRATE_SYNC_INTERVAL_MINUTES max", syncMax * 60],
  ])("starts with %s (%i s)", async (_label, everySeconds) => {
    registerJob({ name: "bounds-probe", schedule: { everySeconds }, handler: async () => {} });
    await expect(startJobs(t.handle, t.url)).resolves.toBeUndefined();
  });
});

it("derives the bounds from lib/env.ts", () => {
  expect([evalMin, evalMax, syncMin, syncMax]).toEqual([1, 3600, 1, 1440]);
});
