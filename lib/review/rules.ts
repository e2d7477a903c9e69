/** What makes a request or session stand out in the weekly review; the Review screen prints these. */
export const REVIEW_RULES = {
  /** Items of each kind (requests, sessions) a week's review holds. */
  topN: 10,
  /** Cost at least this many times the median of the same model and feature (requests) or of all sessions, over at least `minPeers`. */
  medianMultiple: 5,
  minPeers: 5,
  /** A huge context: input tokens at least this. */
  hugeInputTokens: 100_000,
  /** A long output: output tokens at least this. */
  longOutputTokens: 8_000,
  /** No cache on a repeated prompt: no cache reads, at least this much input, and at least `repeatedCalls` similar calls that week. */
  cacheableInputTokens: 8_000,
  repeatedCalls: 5,
  /** Similar: the same model, feature and prompt version, and input within this factor (log buckets). */
  similarInputRatio: 1.25,
  /** A loop: at least this many near-identical calls (same model, input within 5 %) in one session. */
  loopCalls: 8,
  loopInputRatio: 1.05,
  /** A retry storm: at least this many failed calls in one session. */
  retryErrors: 3,
} as const;

export const REVIEW_STATUSES = ["open", "acknowledged", "fixed", "accepted"] as const;
export type ReviewStatus = (typeof REVIEW_STATUSES)[number];

export const STATUS_LABELS: Record<ReviewStatus, string> = {
  open: "Open",
  acknowledged: "Acknowledged",
  fixed: "Fixed",
  accepted: "Accepted as worth it",
};

export const CAUSE_TAGS = ["wrong_model", "no_cache", "loop", "huge_context", "verbose_output", "retry_storm", "other"] as const;
export type CauseTag = (typeof CAUSE_TAGS)[number];

export const CAUSE_LABELS: Record<CauseTag, string> = {
  wrong_model: "Wrong model",
  no_cache: "No cache",
  loop: "Loop",
  huge_context: "Huge context",
  verbose_output: "Verbose output",
  retry_storm: "Retry storm",
  other: "Other",
};
