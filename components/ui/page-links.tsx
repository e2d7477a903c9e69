import Link from "next/link";
import { formatCount } from "@/lib/format";
import type { PageSearchParams } from "@/lib/http/parse-search-params";

/** Rows per page of a long server-rendered list (a session's or a pull request's calls). */
export const ROWS_PER_PAGE = 50;

/** Which rows a page shows: `first` (0-based) up to `end` (exclusive). */
export type RowsPage = { all: boolean; page: number; pages: number; first: number; end: number };

/** `?page=N` (1-based; out of range or malformed reads as the nearest page) or `?page=all`. */
export function readRowsPage(searchParams: PageSearchParams, rows: number): RowsPage {
  const raw = Array.isArray(searchParams.page) ? searchParams.page[0] : searchParams.page;
  const pages = Math.max(1, Math.ceil(rows / ROWS_PER_PAGE));
  if (raw === "all") return { all: true, page: 1, pages, first: 0, end: rows };
  const page = Math.min(Math.max(/^\d+$/.test(raw ?? "") ? Number(raw) : 1, 1), pages);
  const first = (page - 1) * ROWS_PER_PAGE;
  return { all: false, page, pages, first, end: Math.min(first + ROWS_PER_PAGE, rows) };
}

const LINK = "rounded-md border border-slate-300 px-2.5 py-1 hover:bg-slate-50";

/** Previous / next through a long list, or all of it on one page; the page is in the URL (`href`). */
export function PageLinks({
  label,
  noun,
  paging,
  total,
  href,
}: {
  /** Accessible name of the links' nav. */
  label: string;
  /** What the rows are, plural ("calls"). */
  noun: string;
  paging: RowsPage;
  total: number;
  href: (page: number | "all") => string;
}) {
  if (total <= ROWS_PER_PAGE) return null;
  const name = noun.charAt(0).toUpperCase() + noun.slice(1);
  return (
    <nav
      aria-label={label}
      className="flex flex-wrap items-center justify-between gap-x-4 gap-y-2 border-t border-slate-200 px-5 py-3 text-sm"
    >
      <span className="text-slate-600">
        {name} {formatCount(paging.first + 1)}–{formatCount(paging.end)} of {formatCount(total)}
      </span>
      {paging.all ? (
        <Link href={href(1)} className={LINK}>
          Show {ROWS_PER_PAGE} per page
        </Link>
      ) : (
        <span className="flex flex-wrap items-center gap-2">
          {paging.page > 1 ? (
            <Link href={href(paging.page - 1)} className={LINK}>
              Previous
            </Link>
          ) : null}
          <span className="text-slate-600">
            Page {paging.page} of {paging.pages}
          </span>
          {paging.page < paging.pages ? (
            <Link href={href(paging.page + 1)} className={LINK}>
              Next
            </Link>
          ) : null}
          <Link href={href("all")} className={LINK}>
            Show all {formatCount(total)} {noun}
          </Link>
        </span>
      )}
    </nav>
  );
}
