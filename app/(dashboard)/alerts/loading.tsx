export default function Loading() {
  return (
    <div className="mx-auto max-w-6xl animate-pulse space-y-6" role="status" aria-busy="true" aria-label="Loading">
      <div className="h-8 w-40 rounded bg-slate-200" />
      <div className="h-20 rounded-xl bg-slate-200" />
      <div className="h-96 rounded-xl bg-slate-200" />
    </div>
  );
}
