/** The loading state of a report screen: title, four figures, a table, two panels. */
export function ReportSkeleton() {
  return (
    <div className="mx-auto max-w-7xl animate-pulse space-y-6" role="status" aria-busy="true" aria-label="Loading">
      <div className="h-8 w-64 rounded bg-slate-200" />
      <div className="grid gap-4 sm:grid-cols-2 lg:grid-cols-4">
        {[0, 1, 2, 3].map((i) => (
          <div key={i} className="h-24 rounded-xl bg-slate-200" />
        ))}
      </div>
      <div className="h-96 rounded-xl bg-slate-200" />
      <div className="grid gap-4 lg:grid-cols-2">
        <div className="h-64 rounded-xl bg-slate-200" />
        <div className="h-64 rounded-xl bg-slate-200" />
      </div>
    </div>
  );
}
