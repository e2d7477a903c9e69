/**
 * Series colours by name, not by rank: a model, repo or team keeps its colour on every chart, in every period,
 * whatever else is drawn beside it. The palette is Tailwind hues far enough apart (in hue or in lightness) to tell
 * stacked segments apart.
 */
export const PALETTE = [
  "#10b981", // emerald
  "#f97316", // orange
  "#3b82f6", // blue
  "#8b5cf6", // violet
  "#eab308", // yellow
  "#06b6d4", // cyan
  "#ec4899", // pink
  "#84cc16", // lime
  "#b45309", // amber-700
  "#0f766e", // teal-700
  "#be123c", // rose-700
  "#3730a3", // indigo-800
] as const;

/** The "everything else" series. */
export const OTHER_COLOR = "#cbd5e1";
/** Spend whose events carry no value for the dimension ("(not set)", untagged). */
export const NOT_SET_COLOR = "#94a3b8";

/** Providers keep their brand-like colour (an index into PALETTE) rather than a hashed one. */
const PINNED: Record<string, number> = { openai: 0, anthropic: 1, google: 2, "x-ai": 3, mistral: 4, deepseek: 5 };

export interface ColorSeries {
  key: string;
  /** The series' identity: the group's value (a model, a repo…), the same in every view. */
  name: string;
  bucket?: "other" | "not-set";
}

/** FNV-1a (32 bit): a stable, well-spread hash of the name, the same on the server and in the browser. */
export function hashName(name: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < name.length; i++) {
    h ^= name.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return h >>> 0;
}

/** The palette slot a name asks for before any collision. */
export function preferredSlot(name: string): number {
  return PINNED[name] ?? hashName(name) % PALETTE.length;
}

/**
 * A colour per series key. Each name takes its preferred slot; two names of one chart that want the same slot are
 * settled deterministically: pinned names first, then by name, the later one taking the next free slot. Taking the
 * names in that order (never the chart's, which follows rank) keeps a series' colour when its rank changes. Past
 * PALETTE.length series colours repeat, but never on two neighbours of the chart's order.
 */
export function seriesColors(series: readonly ColorSeries[]): Record<string, string> {
  const colors: Record<string, string> = {};
  const named = series.filter((s) => !s.bucket);
  for (const s of series) if (s.bucket) colors[s.key] = s.bucket === "other" ? OTHER_COLOR : NOT_SET_COLOR;
  const taken = new Set<number>();
  const slotOf = new Map<string, number>();
  const order = [...named].sort(
    (a, b) => Number(!(a.name in PINNED)) - Number(!(b.name in PINNED)) || (a.name < b.name ? -1 : a.name > b.name ? 1 : 0),
  );
  for (const s of order) {
    if (taken.size === PALETTE.length) break;
    let slot = preferredSlot(s.name);
    while (taken.has(slot)) slot = (slot + 1) % PALETTE.length;
    taken.add(slot);
    slotOf.set(s.key, slot);
  }
  // More series than colours: the rest, in chart order, avoid their neighbours' colours.
  named.forEach((s, i) => {
    if (slotOf.has(s.key)) return;
    const near = [named[i - 1], named[i + 1]].map((n) => (n ? slotOf.get(n.key) : undefined));
    let slot = preferredSlot(s.name);
    while (near.includes(slot)) slot = (slot + 1) % PALETTE.length;
    slotOf.set(s.key, slot);
  });
  for (const [key, slot] of slotOf) colors[key] = PALETTE[slot] ?? OTHER_COLOR;
  return colors;
}
