import Link from "next/link";
import { Panel } from "@/components/ui/panel";

export default function Forbidden() {
  return (
    <Panel as="main" className="mx-auto mt-24 max-w-md p-6 text-center">
      <p className="text-sm font-medium text-orange-700">403</p>
      <h1 className="mt-1 text-lg font-semibold">You don&apos;t have access to this page</h1>
      <p className="mt-2 text-sm text-slate-600">Your role does not include it. An admin can change your role in Settings → Members.</p>
      <Link href="/" className="mt-4 inline-block text-sm font-medium text-orange-700 hover:underline">
        Back to the Overview
      </Link>
    </Panel>
  );
}
