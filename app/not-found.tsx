import Link from "next/link";

export default function NotFound() {
  return (
    <main className="mx-auto mt-24 max-w-md rounded-xl border border-slate-200 bg-white p-6 text-center shadow-sm">
      <p className="text-sm font-medium text-orange-700">404</p>
      <h1 className="mt-1 text-lg font-semibold">Page not found</h1>
      <Link href="/" className="mt-4 inline-block text-sm font-medium text-orange-700 hover:underline">
        Back to the Overview
      </Link>
    </main>
  );
}
