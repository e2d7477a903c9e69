import Link from "next/link";
import type { ReactNode } from "react";
import { PANEL_FRAME } from "./panel";

/** A figure with a label; with `href` the whole card is a link to the rows behind the figure. */
export function StatCard({
  label,
  value,
  hint,
  href,
  linkLabel = "Show in explorer",
}: {
  label: string;
  value: ReactNode;
  hint?: ReactNode;
  href?: string;
  linkLabel?: string;
}) {
  const body = (
    <>
      <div className="text-sm font-medium text-slate-500">{label}</div>
      <div className="mt-2 text-2xl font-semibold tracking-tight whitespace-nowrap text-slate-900">{value}</div>
      {hint ? <div className="mt-1 text-xs text-slate-500">{hint}</div> : null}
    </>
  );
  const box = `block ${PANEL_FRAME} p-5`;
  return href ? (
    <Link href={href} className={`${box} transition-colors hover:border-orange-300 hover:bg-orange-50/40`}>
      {body}
      <div className="mt-2 text-xs font-medium text-orange-700">{linkLabel} →</div>
    </Link>
  ) : (
    <div className={box}>{body}</div>
  );
}
