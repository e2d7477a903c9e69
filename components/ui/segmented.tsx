import { clsx } from "clsx";
import Link from "next/link";

/** A segmented switch of links (the choice lives in the URL, so every view is a link). */
export function Segmented({
  label,
  options,
}: {
  label: string;
  options: { href: string; label: string; active: boolean; disabled?: boolean; title?: string }[];
}) {
  return (
    <nav aria-label={label} className="inline-flex max-w-full flex-wrap rounded-lg border border-slate-300 bg-white p-0.5 text-sm">
      {options.map((o) =>
        o.disabled ? (
          <span key={o.label} className="px-3 py-1.5 text-slate-300" title="Not available for this source">
            {o.label}
          </span>
        ) : (
          <Link
            key={o.label}
            href={o.href}
            title={o.title}
            aria-current={o.active ? "page" : undefined}
            className={clsx(
              "rounded-md px-3 py-1.5 font-medium",
              o.active ? "bg-slate-900 text-white" : "text-slate-600 hover:bg-slate-100",
            )}
          >
            {o.label}
          </Link>
        ),
      )}
    </nav>
  );
}
