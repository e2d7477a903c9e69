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

export const INTERVALS = ["none", "day", "week", "month"] as const;
export type Interval = (typeof INTERVALS)[number];
