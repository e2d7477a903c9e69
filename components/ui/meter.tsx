import { clsx } from "clsx";

/** A horizontal bar for a percent of a limit (budgets): amber from 80 %, red from 100 %. Decorative: show the figure beside it. */
export function Meter({ percent }: { percent: number }) {
  const width = Math.max(0, Math.min(100, percent));
  return (
    <div aria-hidden className="h-2 w-full overflow-hidden rounded-full bg-slate-100">
      <div
        className={clsx("h-full rounded-full", percent >= 100 ? "bg-red-500" : percent >= 80 ? "bg-amber-500" : "bg-emerald-500")}
        style={{ width: `${width}%` }}
      />
    </div>
  );
}
