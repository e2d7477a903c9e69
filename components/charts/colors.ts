const KNOWN: Record<string, string> = {
  openai: "#10b981",
  anthropic: "#f97316",
  google: "#3b82f6",
  "x-ai": "#8b5cf6",
  mistral: "#eab308",
  deepseek: "#06b6d4",
};
const FALLBACK = ["#6366f1", "#ec4899", "#84cc16", "#14b8a6", "#a855f7", "#f43f5e", "#0ea5e9", "#f59e0b"];
/** The "everything else" series. */
export const OTHER_COLOR = "#cbd5e1";

/** A stable color per series name: known providers keep their color, others take the next free one. */
export function seriesColors(names: string[]): Record<string, string> {
  let next = 0;
  return Object.fromEntries(names.map((n) => [n, KNOWN[n] ?? FALLBACK[next++ % FALLBACK.length] ?? "#64748b"]));
}
