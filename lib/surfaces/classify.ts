import Big from "big.js";
import { formatDuration, formatUsd } from "@/lib/format";
import { usdString } from "@/lib/money";
import { RULES } from "./rules";
import type { WorkloadStats } from "./workload-stats";

export type WorkloadKind = "automated" | "interactive" | "mixed";
export type Verdict = "keep" | "move_to_api" | "move_to_plan";

export interface Signal {
  points_to: "automated" | "interactive";
  text: string;
}

/** The seat a workload's API use is compared with: the vendor's cheapest plan, or the reference fee; prorated to the days so far. */
export interface SeatComparison {
  plan: string | null;
  feeUsd: string;
}

const BULK = "large uniform batches";
const PRODUCT = "a product feature";
const pct = (part: number, whole: number) => `${Math.round((part / whole) * 100)}%`;

const DAILY_TOTALS =
  "a coding tool's daily totals per person, from its vendor's admin API: people's own use of the tool (no call timing to judge by)";

export function isServiceUser(name: string): boolean {
  return RULES.serviceUser.test(name);
}

/** What the workload's own data says about who runs it, one sentence per signal. */
export function workloadSignals(s: WorkloadStats): Signal[] {
  const signals: Signal[] = [];
  const automated = (text: string) => signals.push({ points_to: "automated", text });
  const interactive = (text: string) => signals.push({ points_to: "interactive", text });

  if (s.customerCalls / s.requests >= RULES.customerShare)
    automated(`${PRODUCT}: ${pct(s.customerCalls, s.requests)} of calls serve customers (they carry a customer)`);

  const offHours = s.offHoursCalls / s.requests;
  if (offHours >= RULES.offHoursShare)
    automated(
      `${pct(s.offHoursCalls, s.requests)} of calls outside working hours (nights ${pct(s.nightCalls, s.requests)}, weekends ${pct(s.weekendCalls, s.requests)})`,
    );
  else if (offHours <= RULES.workingHoursShare) interactive(`${pct(s.requests - s.offHoursCalls, s.requests)} of calls in working hours`);

  if (s.bursts >= RULES.minBursts && s.burstIntervalMean && s.burstIntervalSd !== null) {
    const cv = s.burstIntervalSd / s.burstIntervalMean;
    if (cv < RULES.regularIntervalCv)
      automated(`runs start at regular intervals (every ${formatDuration(s.burstIntervalMean * 1000)}, ±${Math.round(cv * 100)}%)`);
    else if (cv >= RULES.irregularIntervalCv) interactive(`bursty: ${s.bursts} irregular working spells`);
  }

  if (s.shortGaps >= RULES.minGaps) {
    const share = s.pauses / s.shortGaps;
    const paceCv = s.gapMean && s.gapSd !== null ? s.gapSd / s.gapMean : null;
    const regular = paceCv !== null && paceCv < RULES.regularPaceCv;
    if (share < RULES.noPauseShare)
      automated(`no human think-time: ${pct(s.pauses, s.shortGaps)} of the gaps between calls are pauses of 20 s–30 min`);
    if (regular) automated(`machine-regular pace: the gaps between calls vary by only ±${Math.round((paceCv as number) * 100)}%`);
    else if (share >= RULES.pauseShare)
      interactive(`human think-time between calls (${pct(s.pauses, s.shortGaps)} of gaps are pauses of 20 s–30 min)`);
  }

  const people = s.userNames.filter((u) => !isServiceUser(u));
  if (s.users === 0) automated("no person named: the calls carry no user");
  else if (people.length === 0) automated(`runs as a service account (${s.userNames.join(", ")})`);
  else if (s.users <= 5 && people.length === s.users)
    interactive(`${s.users === 1 ? "one person" : `${s.users} people`}: ${people.join(", ")}`);

  const perBurst = s.bursts > 0 ? s.requests / s.bursts : 0;
  if (perBurst >= RULES.batchCalls && s.inputTokensMean > 0 && s.inputTokensSd / s.inputTokensMean < RULES.batchInputCv)
    automated(
      `large uniform batches: ${Math.round(perBurst)} calls per run, input sizes within ±${Math.round((s.inputTokensSd / s.inputTokensMean) * 100)}%`,
    );
  return signals;
}

export function workloadKind(signals: Signal[]): WorkloadKind {
  const u = signals.filter((s) => s.points_to === "automated").length;
  const i = signals.length - u;
  // Calls for customers are the product's, whoever triggers them: software, whatever their timing says.
  if (signals.some((s) => s.text.startsWith(PRODUCT))) return "automated";
  // Many near-identical calls are pipeline work even when a person drives them (bulk summarising by hand in a chat plan).
  const bulk = signals.some((s) => s.text.startsWith(BULK));
  if (u >= RULES.minSignals && (u > i || (bulk && u === i))) return "automated";
  if (i >= RULES.minSignals && i > u) return "interactive";
  return "mixed";
}

/**
 * Whether the workload sits on the right surface, and why, in words. Software belongs on the metered API; people's
 * interactive work fits a plan once it costs more per person on the API than a seat.
 */
export function surfaceVerdict(s: WorkloadStats, seat: SeatComparison): { kind: WorkloadKind; verdict: Verdict; reasons: string[] } {
  // A coding tool's daily totals per person carry no call timing: what they are is people's use of an editor or CLI.
  const dailyOnly = s.dailyTotals > 0 && s.dailyTotals === s.requests;
  const signals = dailyOnly
    ? [{ points_to: "interactive" as const, text: DAILY_TOTALS }, ...workloadSignals(s).filter((x) => x.text.includes("person"))]
    : workloadSignals(s);
  const kind = dailyOnly ? "interactive" : workloadKind(signals);
  const evidence = signals.filter((x) => kind === "mixed" || x.points_to === kind).map((x) => x.text);
  if (kind === "mixed") {
    const reasons = ["Signals are mixed, so nothing to change yet.", ...evidence];
    return { kind, verdict: "keep", reasons: signals.length > 0 ? reasons : ["Too little activity this month to tell."] };
  }
  if (s.surface === "plan") {
    return kind === "automated"
      ? {
          kind,
          verdict: "move_to_api",
          reasons: [
            "Software-shaped work on a paid plan: a seat is priced for one person's interactive use; automated or bulk work on it runs into the plan's limits and the vendor's terms, and belongs in code on the metered API, where its cost scales with the work.",
            ...evidence,
          ],
        }
      : { kind, verdict: "keep", reasons: ["Interactive work on a paid plan: the plan fits.", ...evidence] };
  }
  if (kind === "automated")
    return { kind, verdict: "keep", reasons: ["Software on the metered API: its cost scales with the work.", ...evidence] };
  const people = Math.max(1, s.userNames.filter((u) => !isServiceUser(u)).length, s.users);
  const perPerson = new Big(s.costUsd).div(people);
  const seatName = seat.plan ? `a ${seat.plan} seat` : "a typical business seat";
  if (perPerson.gte(seat.feeUsd)) {
    return {
      kind,
      verdict: "move_to_plan",
      reasons: [
        `Heavy interactive use of the metered API: ${formatUsd(usdString(perPerson))} per person this month, more than ${seatName} (${formatUsd(seat.feeUsd)} for the same days).`,
        ...evidence,
      ],
    };
  }
  return {
    kind,
    verdict: "keep",
    reasons: [
      `Light interactive use: ${formatUsd(usdString(perPerson))} per person on the API costs less than ${seatName} (${formatUsd(seat.feeUsd)}).`,
      ...evidence,
    ],
  };
}
