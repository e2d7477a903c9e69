import type { Draft } from "./events";
import type { Rng } from "./random";

export const HOUR_MS = 3_600_000;
export const DAY_MS = 24 * HOUR_MS;

/** One UTC calendar day of the demo. */
export interface Day {
  start: number;
  /** 0 = today (UTC), 1 = yesterday, … */
  daysAgo: number;
  /** 0 = Sunday … 6 = Saturday (UTC). */
  weekday: number;
  weekend: boolean;
  /** Slow business growth: 1 today, about 0.6 ninety days ago. */
  growth: number;
}

/** Where the story's events fall, counted back from today (UTC). */
export interface Story {
  /** The weekday nearest 12 days ago: `extract` ships prompt extract-v8 and its token volume jumps ~6×. */
  anomalyDaysAgo: number;
  /** Three days ago: the ci-fixer agent loops on a Renovate PR overnight. */
  runawayDaysAgo: number;
  /** Chat moves from gpt-4.1-mini (chat-v11) to gpt-5-mini (chat-v12). */
  chatUpgradeDaysAgo: number;
  /** The review bot moves from o3 to gpt-5. */
  reviewBotUpgradeDaysAgo: number;
  /** The fine-tuned triage classifier canary starts. */
  triageCanaryDaysAgo: number;
  /** The hand-run ChatGPT summarization job starts. */
  bulkJobDaysAgo: number;
}

export interface World {
  seed: number;
  now: number;
  /** Multiplier on product traffic (1 ≈ 100k events over 90 days). */
  scale: number;
  story: Story;
}

export type Emit = (draft: Draft) => void;

/** A stream of demo traffic; `runDay` is called once per day, oldest first, and may emit past the day's end. */
export interface Workload {
  runDay(day: Day, emit: Emit): void;
}

export function utcDayStart(ms: number): number {
  return Math.floor(ms / DAY_MS) * DAY_MS;
}

export function isoDate(ms: number): string {
  return new Date(ms).toISOString().slice(0, 10);
}

export function buildStory(now: Date): Story {
  const today = utcDayStart(now.getTime());
  const weekday = (daysAgo: number) => new Date(today - daysAgo * DAY_MS).getUTCDay();
  const anomalyDaysAgo = [12, 13, 11, 14, 10].find((d) => weekday(d) !== 0 && weekday(d) !== 6) ?? 12;
  return {
    anomalyDaysAgo,
    runawayDaysAgo: 3,
    chatUpgradeDaysAgo: 45,
    reviewBotUpgradeDaysAgo: 30,
    triageCanaryDaysAgo: 40,
    bulkJobDaysAgo: 60,
  };
}

export function buildDay(today: number, daysAgo: number): Day {
  const start = today - daysAgo * DAY_MS;
  const weekday = new Date(start).getUTCDay();
  return { start, daysAgo, weekday, weekend: weekday === 0 || weekday === 6, growth: 1 - (0.4 * Math.min(daysAgo, 90)) / 90 };
}

/** Traffic of the product by UTC hour: European morning through the US afternoon. */
const PRODUCT_HOUR_WEIGHTS = [3, 2, 2, 2, 2, 3, 5, 8, 11, 13, 14, 14, 14, 15, 16, 16, 15, 13, 11, 9, 7, 6, 5, 4];
const PRODUCT_HOURS = PRODUCT_HOUR_WEIGHTS.map((w, hour) => [hour, w] as const);

/** A time on `day` drawn from the product's daily traffic curve. */
export function productTime(rng: Rng, day: Day): number {
  const hour = rng.weighted(PRODUCT_HOURS);
  return day.start + hour * HOUR_MS + Math.floor(rng.next() * HOUR_MS);
}

/** Product traffic is B2B: weekends run at about half. */
export function productDayFactor(rng: Rng, day: Day): number {
  return day.growth * (day.weekend ? 0.55 : 1) * rng.range(0.9, 1.1);
}
