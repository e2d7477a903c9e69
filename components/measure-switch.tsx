import { Segmented } from "@/components/ui/segmented";
import { MEASURE_LABELS, MEASURES, type Measure } from "@/lib/effective/measures";

/**
 * The money measure of a screen, as links (`measure=` in the URL; the screen's default leaves it out): effective
 * (plan fees allocated), metered, or list. `params`: the page's current query, kept as it is but for `measure`
 * (and the table's page, which a new measure reorders).
 */
export function MeasureSwitch({
  path,
  params,
  measure,
  fallback,
}: {
  path: string;
  params: URLSearchParams;
  measure: Measure;
  fallback: Measure;
}) {
  const hrefOf = (m: Measure) => {
    const next = new URLSearchParams(params);
    next.delete("page");
    if (m === fallback) next.delete("measure");
    else next.set("measure", m);
    const q = next.toString();
    return q ? `${path}?${q}` : path;
  };
  const order: Measure[] = ["effective", "cost", "list"];
  return (
    <div className="flex items-center gap-2 text-xs text-slate-500">
      <span id="measure-label">Measure</span>
      <Segmented
        label="Money measure"
        options={order
          .filter((m) => MEASURES.includes(m))
          .map((m) => ({ href: hrefOf(m), label: MEASURE_LABELS[m].short, active: m === measure, title: MEASURE_LABELS[m].help }))}
      />
    </div>
  );
}

/** "effective cost — metered cost plus plan fees allocated…": what a screen's money figures are, in one line. */
export function measureNote(measure: Measure): string {
  return `${MEASURE_LABELS[measure].long.toLowerCase()}: ${MEASURE_LABELS[measure].help}`;
}
