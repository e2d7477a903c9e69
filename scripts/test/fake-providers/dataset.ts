import Big from "big.js";

/** One hour of one model's usage in one project / workspace and API key; token counts split the Anthropic way. */
export interface FakeUsage {
  hour: number;
  model: string;
  project: string | null;
  apiKey: string | null;
  uncached: number;
  cacheRead: number;
  cacheWrite5m: number;
  cacheWrite1h: number;
  output: number;
  requests: number;
  /** USD of each token kind when the record states them (the demo's bill, from its events); else from priceOf. */
  costs?: { uncached: string; cacheRead: string; cacheWrite: string; output: string };
}

/** A cost line that names no model (web search and the like), in USD. */
export interface FakeExtraCost {
  day: number;
  project: string | null;
  label: string;
  usd: string;
}

export interface FakeDataset {
  usage: FakeUsage[];
  extras: FakeExtraCost[];
}

/** USD per million tokens, per model index: whole cents per MTok, so every cost is an exact decimal. */
export function priceOf(model: string): { uncached: string; cacheRead: string; cacheWrite: string; output: string } {
  const n = [...model].reduce((a, c) => a + c.charCodeAt(0), 0) % 5;
  return { uncached: String(1 + n), cacheRead: `0.${1 + n}`, cacheWrite: `${1 + n}.25`, output: String(4 * (1 + n)) };
}

const HOUR = 3600;
const DAY = 86_400;

/**
 * A deterministic dataset: `days` from `start` (UTC midnight), `models`, usage in `hours` of each day (all 24 by
 * default), no usage at all on `emptyDays` (0-based), and a web-search line on every day with usage.
 */
export function generateDataset(opts: {
  start: Date;
  days: number;
  models: string[];
  projects?: (string | null)[];
  apiKeys?: (string | null)[];
  hours?: number[];
  emptyDays?: number[];
}): FakeDataset {
  const usage: FakeUsage[] = [];
  const extras: FakeExtraCost[] = [];
  const start = Math.floor(opts.start.getTime() / 1000);
  const hours = opts.hours ?? Array.from({ length: 24 }, (_, h) => h);
  const projects = opts.projects ?? ["proj_alpha"];
  const keys = opts.apiKeys ?? ["key_main"];
  let n = 0;
  for (let d = 0; d < opts.days; d++) {
    if (opts.emptyDays?.includes(d)) continue;
    const day = start + d * DAY;
    for (const h of hours) {
      for (const [mi, model] of opts.models.entries()) {
        const project = projects[(d + h + mi) % projects.length] ?? null;
        const apiKey = keys[(h + mi) % keys.length] ?? null;
        n++;
        usage.push({
          hour: day + h * HOUR,
          model,
          project,
          apiKey,
          uncached: 1000 + ((n * 37) % 5000),
          cacheRead: (n * 53) % 8000,
          cacheWrite5m: (n * 11) % 700,
          cacheWrite1h: n % 3 === 0 ? 250 : 0,
          output: 200 + ((n * 29) % 1500),
          requests: 1 + (n % 9),
        });
      }
    }
    extras.push({ day, project: projects[0] ?? null, label: "web search", usd: `0.${String(10 + (d % 80)).padStart(2, "0")}` });
  }
  return { usage, extras };
}

/** The exact cost of one usage record's four token kinds, in USD. */
export function tokenCosts(u: FakeUsage): { uncached: Big; cacheRead: Big; cacheWrite: Big; output: Big } {
  if (u.costs) {
    const c = u.costs;
    return { uncached: new Big(c.uncached), cacheRead: new Big(c.cacheRead), cacheWrite: new Big(c.cacheWrite), output: new Big(c.output) };
  }
  const p = priceOf(u.model);
  const m = (tokens: number, price: string) => new Big(tokens).times(price).div(1_000_000);
  return {
    uncached: m(u.uncached, p.uncached),
    cacheRead: m(u.cacheRead, p.cacheRead),
    cacheWrite: m(u.cacheWrite5m + u.cacheWrite1h, p.cacheWrite),
    output: m(u.output, p.output),
  };
}

/** What a correct sync must end with: USD per day and model ('' for lines without one), and token totals. */
export function expectedTotals(data: FakeDataset): {
  costByDayModel: Map<string, string>;
  totalCost: string;
  inputTokens: number;
  outputTokens: number;
  cacheReadTokens: number;
  cacheWriteTokens: number;
} {
  const cost = new Map<string, Big>();
  const add = (k: string, v: Big) => cost.set(k, (cost.get(k) ?? new Big(0)).plus(v));
  let input = 0;
  let output = 0;
  let read = 0;
  let write = 0;
  for (const u of data.usage) {
    const c = tokenCosts(u);
    const day = new Date(Math.floor(u.hour / DAY) * DAY * 1000).toISOString().slice(0, 10);
    add(`${day}|${u.model}`, c.uncached.plus(c.cacheRead).plus(c.cacheWrite).plus(c.output));
    input += u.uncached + u.cacheRead + u.cacheWrite5m + u.cacheWrite1h;
    output += u.output;
    read += u.cacheRead;
    write += u.cacheWrite5m + u.cacheWrite1h;
  }
  for (const e of data.extras) add(`${new Date(e.day * 1000).toISOString().slice(0, 10)}|`, new Big(e.usd));
  const total = [...cost.values()].reduce((a, b) => a.plus(b), new Big(0));
  return {
    costByDayModel: new Map([...cost].map(([k, v]) => [k, v.toFixed()])),
    totalCost: total.toFixed(),
    inputTokens: input,
    outputTokens: output,
    cacheReadTokens: read,
    cacheWriteTokens: write,
  };
}
