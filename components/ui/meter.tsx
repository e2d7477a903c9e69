import { clsx } from "clsx";

/**
 * A horizontal bar for a percent of a limit, coloured at the budget alerts' thresholds (50/80/100 %): green below
 * half, amber from 50 %, orange from 80 %, red from 100 %. Decorative: show the figure beside it.
 */
export function Meter({ percent }: { percent: number }) {
  const width = Math.max(0, Math.min(100, percent));
  return (
    <div aria-hidden className="h-2 w-full overflow-hidden rounded-full bg-slate-100">
      <div
        className={clsx(
          "h-full rounded-full",
          percent >= 100 ? "bg-red-500" : percent >= 80 ? "bg-orange-500" : percent >= 50 ? "bg-amber-400" : "bg-emerald-500",
        )}
        style={{ width: `${width}%` }}
      />
    </div>
  );
}
