export { DIMENSIONS, type Dimension } from "@/lib/dimensions/registry";

export const INTERVALS = ["none", "day", "week", "month"] as const;
export type Interval = (typeof INTERVALS)[number];
