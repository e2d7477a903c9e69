/**
 * The rules that tell software from people, with their thresholds. The Surfaces screen prints this table, so the
 * screen and the code cannot disagree. Hours are UTC (Burnrate has no per-team time zone).
 */
export const RULES = {
  /** Calls more than this apart start a new burst (a run of a job, or a working spell). */
  burstGapSeconds: 30 * 60,
  /** A pause between an actor's consecutive calls that a person thinking or reading makes (seconds). */
  humanPauseSeconds: { min: 20, max: 30 * 60 },
  /** Working hours: Monday–Friday, from `start` to `end` hour UTC. */
  workingHours: { start: 7, end: 20 },
  /** Automated: at least this share of calls outside working hours. */
  offHoursShare: 0.6,
  /** Interactive: at most this share of calls outside working hours. */
  workingHoursShare: 0.25,
  /** Automated: bursts start at regular intervals (coefficient of variation below this, over at least `minBursts`). */
  regularIntervalCv: 0.25,
  minBursts: 4,
  /** Interactive: bursts start irregularly (coefficient of variation at least this). */
  irregularIntervalCv: 0.5,
  /** Automated: fewer than this share of an actor's short gaps are human pauses (over at least `minGaps` gaps). */
  noPauseShare: 0.05,
  minGaps: 20,
  /** Interactive: at least this share of an actor's short gaps are human pauses, and the gaps vary (CV at least `regularPaceCv`). */
  pauseShare: 0.1,
  /** Automated or bulk: an actor's gaps between calls are this regular (CV below this, over at least `minGaps` gaps). */
  regularPaceCv: 0.5,
  /** Automated or bulk: large uniform batches — at least this many calls per burst, with input sizes this alike (CV). */
  batchCalls: 20,
  batchInputCv: 0.25,
  /** A product feature: at least this share of calls carry a customer (software serving customers, whoever clicks). */
  customerShare: 0.5,
  /** A user name that is an account for software, not a person. */
  serviceUser: /(\[bot\]|\bbot\b|-bot\b|^bot-|\bsvc\b|service|automation|pipeline|\bci\b|cron|scheduler|system|noreply|no-reply)/i,
  /** Verdicts need this many of a kind's signals, and more than of the other kind; large uniform batches break a tie. */
  minSignals: 2,
  /** A person's metered API spend above a seat's fee (prorated to the days so far) makes a plan worth considering. */
  referenceSeatFeeUsd: "30",
} as const;
