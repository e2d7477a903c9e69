export const DIMENSIONS = [
  "provider",
  "model",
  "surface",
  "plan",
  "environment",
  "team",
  "user",
  "customer",
  "feature",
  "workflow",
  "repo",
  "branch",
  "pr",
  "tool",
  "agent",
  "session",
  "trace",
  "prompt_version",
  "billable",
  "cost_source",
] as const;
export type Dimension = (typeof DIMENSIONS)[number];

/** Dimensions kept in the daily rollup; the others (near one value per event) are read from `events`. */
export const ROLLUP_DIMENSIONS: ReadonlySet<Dimension> = new Set(
  DIMENSIONS.filter((d) => !["branch", "pr", "session", "trace"].includes(d)),
);

export const INTERVALS = ["none", "day", "week", "month"] as const;
export type Interval = (typeof INTERVALS)[number];
