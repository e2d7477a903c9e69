import type { ReactNode } from "react";
import { Panel } from "@/components/ui/panel";

export default function AuthLayout({ children }: { children: ReactNode }) {
  return (
    <main className="flex min-h-screen items-center justify-center px-4 py-12">
      <div className="w-full max-w-sm">
        <div className="mb-6 flex items-center justify-center gap-2 text-xl font-semibold tracking-tight">
          <span aria-hidden className="inline-block h-3.5 w-3.5 rounded-sm bg-orange-500" />
          Burnrate
        </div>
        <Panel as="div" className="p-6">
          {children}
        </Panel>
      </div>
    </main>
  );
}
