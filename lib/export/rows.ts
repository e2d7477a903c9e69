import { type Dimension, dimensionSpec, dimensionsWhere } from "@/lib/dimensions/registry";

/** The dimensions in every CSV row, in DESIGN §3.7's order (the registry's). */
export const CSV_DIMENSIONS = dimensionsWhere((s) => s.csv === "day");

/** The dimensions `granularity=event` adds, after the event's id and timestamp. */
export const EVENT_DIMENSIONS: Dimension[] = dimensionsWhere((s) => typeof s.csv === "object").sort(
  (a, b) => eventPosition(a) - eventPosition(b),
);

function eventPosition(d: Dimension): number {
  const csv = dimensionSpec(d).csv;
  return typeof csv === "object" ? csv.event : 0;
}

/** DESIGN §3.7's columns, in order: the export queries select exactly these first. */
export const CSV_COLUMNS: readonly string[] = [
  "date",
  ...CSV_DIMENSIONS,
  "requests",
  "input_tokens",
  "output_tokens",
  "cache_read_tokens",
  "cache_write_tokens",
  "cost_usd",
  "list_cost_usd",
];

/** What `granularity=event` adds after them. */
export const EVENT_COLUMNS: readonly string[] = ["id", "timestamp", ...EVENT_DIMENSIONS];

export function csvColumns(event: boolean): readonly string[] {
  return event ? [...CSV_COLUMNS, ...EVENT_COLUMNS] : CSV_COLUMNS;
}
