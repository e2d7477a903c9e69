"use client";

import { createContext, type ReactNode, type TransitionStartFunction, useContext, useTransition } from "react";

const Pending = createContext<{ pending: boolean; startTransition: TransitionStartFunction } | null>(null);

/** Shares one transition between the filter bar (which starts it) and the results (which dim while it runs). */
export function PendingProvider({ children }: { children: ReactNode }) {
  const [pending, startTransition] = useTransition();
  return <Pending.Provider value={{ pending, startTransition }}>{children}</Pending.Provider>;
}

export function usePending() {
  const value = useContext(Pending);
  if (!value) throw new Error("usePending outside PendingProvider");
  return value;
}

export function PendingRegion({ children }: { children: ReactNode }) {
  const { pending } = usePending();
  return (
    <div aria-busy={pending} className={pending ? "pointer-events-none opacity-60 transition-opacity" : "transition-opacity"}>
      {pending ? (
        <div role="status" className="fixed inset-x-0 top-0 z-50 h-1 animate-pulse bg-orange-500">
          <span className="sr-only">Updating…</span>
        </div>
      ) : null}
      {children}
    </div>
  );
}
