/**
 * Constructed workloads for the surface classification tests: a nightly job and a person at work, as wire-format
 * events in a given month (UTC). Deterministic, so the signals they should show can be asserted exactly.
 */

export interface WorkloadOptions {
  /** `YYYY-MM` */
  month: string;
  id: string;
  surface: "plan" | "api";
  plan?: string;
  user: string;
  repo: string;
  cost: string;
  /** Set on every call: the workload serves this customer. */
  customer?: string;
}

const at = (month: string, day: number, h: number, m: number) =>
  new Date(`${month}-${String(day).padStart(2, "0")}T00:00:00Z`).getTime() + (h * 60 + m) * 60_000;

/** The month's first ten weekdays. */
function workdays(month: string): number[] {
  const days: number[] = [];
  for (let d = 1; days.length < 10; d++) {
    const dow = new Date(`${month}-${String(d).padStart(2, "0")}T00:00:00Z`).getUTCDay();
    if (dow !== 0 && dow !== 6) days.push(d);
  }
  return days;
}

/** Every night at 02:00 UTC for ten nights from the 3rd: 30 back-to-back calls of the same size. */
export function nightlyJob(o: WorkloadOptions): Record<string, unknown>[] {
  return Array.from({ length: 10 }, (_, n) =>
    Array.from({ length: 30 }, (_, i) => ({
      id: `${o.id}-${n}-${i}`,
      timestamp: new Date(at(o.month, 3 + n, 2, 0) + i * 1500).toISOString(),
      provider: "anthropic",
      model: "claude-sonnet-4-5",
      surface: o.surface,
      ...(o.plan ? { plan: o.plan } : {}),
      user: o.user,
      tool: "Claude Code",
      repo: o.repo,
      input_tokens: 5000 + (i % 3) * 10,
      output_tokens: 400,
      cost_usd: o.cost,
    })),
  ).flat();
}

/** Ten working days, two or three spells a day at irregular times: quick agent calls with think-time pauses between. */
export function personAtWork(o: WorkloadOptions): Record<string, unknown>[] {
  const spells = [
    [9, 13],
    [11, 41],
    [15, 7],
    [10, 2],
    [14, 55],
    [16, 30],
  ] as const;
  const gaps = [3, 4, 95, 2, 240, 6];
  const events: Record<string, unknown>[] = [];
  for (const [d, day] of workdays(o.month).entries()) {
    for (const [h, m] of spells.slice(d % 3, (d % 3) + 2 + (d % 2))) {
      let t = at(o.month, day, h, m);
      for (const [i, gap] of gaps.entries()) {
        t += gap * 1000;
        events.push({
          id: `${o.id}-${day}-${h}-${i}`,
          timestamp: new Date(t).toISOString(),
          provider: "anthropic",
          model: "claude-sonnet-4-5",
          surface: o.surface,
          ...(o.plan ? { plan: o.plan } : {}),
          user: o.user,
          tool: "Claude Code",
          repo: o.repo,
          session: `${o.id}-${day}-${h}`,
          ...(o.customer ? { customer: o.customer } : {}),
          input_tokens: 2000 + ((i * 7919 + day * 104729) % 40000),
          output_tokens: 300,
          cost_usd: o.cost,
        });
      }
    }
  }
  return events;
}

/** Contracts summarised by hand in a chat plan: on Tuesdays and Thursdays, 200 near-identical calls at a person's steady pace. */
export function bulkByHand(o: Omit<WorkloadOptions, "repo"> & { feature: string }): Record<string, unknown>[] {
  let seed = 42;
  const next = () => {
    seed = (seed * 1_103_515_245 + 12_345) % 2 ** 31;
    return seed / 2 ** 31;
  };
  const events: Record<string, unknown>[] = [];
  for (let day = 1; day <= 28; day++) {
    const dow = new Date(`${o.month}-${String(day).padStart(2, "0")}T00:00:00Z`).getUTCDay();
    if (dow !== 2 && dow !== 4) continue;
    let t = at(o.month, day, 14, 30);
    for (let i = 0; i < 200; i++) {
      t += Math.round(23_000 + next() * 25_000);
      events.push({
        id: `${o.id}-${day}-${i}`,
        timestamp: new Date(t).toISOString(),
        provider: "openai",
        model: "gpt-5",
        surface: o.surface,
        ...(o.plan ? { plan: o.plan } : {}),
        user: o.user,
        feature: o.feature,
        input_tokens: 11_800 + Math.round(next() * 600),
        output_tokens: 800,
        cost_usd: o.cost,
      });
    }
  }
  return events;
}
