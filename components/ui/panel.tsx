import { clsx } from "clsx";
import type { ReactNode } from "react";

/** The card's frame, for a card that is itself a link (StatCard). */
export const PANEL_FRAME = "min-w-0 rounded-xl border border-slate-200 bg-white shadow-sm";

/**
 * The card every screen is built from. With a `title` it is a labelled region (`headingId`): a bordered header bar
 * above edge-to-edge content (tables, lists), or, when `padded`, a plain heading inside the padding (forms, charts).
 */
export function Panel({
  as: Tag = "section",
  padded = false,
  className,
  title,
  headingId,
  description,
  aside,
  children,
  ...aria
}: {
  as?: "section" | "article" | "div" | "main";
  padded?: boolean;
  /** Extra classes: a grid span, spacing between children, another padding. */
  className?: string;
  title?: ReactNode;
  headingId?: string;
  /** A line under the title. */
  description?: ReactNode;
  /** Beside the title, on its baseline: a count, a link. Not together with `description`. */
  aside?: ReactNode;
  "aria-label"?: string;
  /** When the heading is in the children (a custom header). */
  "aria-labelledby"?: string;
  children?: ReactNode;
}) {
  const heading =
    title === undefined ? null : (
      <h2 id={headingId} className="font-semibold">
        {title}
      </h2>
    );
  const layout = aside === undefined ? undefined : "flex flex-wrap items-baseline justify-between gap-x-4 gap-y-1";
  const text = description === undefined ? null : <p className="mt-1 text-sm text-slate-500">{description}</p>;
  return (
    <Tag aria-labelledby={title === undefined ? undefined : headingId} {...aria} className={clsx(PANEL_FRAME, padded && "p-5", className)}>
      {heading === null ? null : padded ? (
        layout ? (
          <div className={layout}>
            {heading}
            {aside}
          </div>
        ) : (
          <>
            {heading}
            {text}
          </>
        )
      ) : (
        <PanelHeader className={layout}>
          {heading}
          {text}
          {aside}
        </PanelHeader>
      )}
      {children}
    </Tag>
  );
}

/** The bordered bar at the top of a panel, for headers that hold more than a title (filters, controls). */
export function PanelHeader({ as: Tag = "div", className, children }: { as?: "div" | "header"; className?: string; children: ReactNode }) {
  return <Tag className={clsx(className, "border-b border-slate-200 px-5 py-4")}>{children}</Tag>;
}

/** What a panel says when it has no rows. */
export function PanelEmpty({ compact = false, children }: { compact?: boolean; children: ReactNode }) {
  return <p className={clsx("px-5", compact ? "py-8" : "py-10", "text-center text-sm text-slate-500")}>{children}</p>;
}
