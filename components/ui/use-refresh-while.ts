"use client";

import { useRouter } from "next/navigation";
import { useEffect } from "react";

/**
 * Re-reads the page every second while a background run is `active` (its progress is server-rendered). `started`, the
 * state of the action that just started one, keeps it re-reading for 3 s until the run shows up as active.
 */
export function useRefreshWhileActive(active: boolean, started: object | null): void {
  const router = useRouter();
  useEffect(() => {
    if (!active && !started) return;
    const timer = setInterval(() => router.refresh(), 1000);
    const stop = active ? undefined : setTimeout(() => clearInterval(timer), 3000);
    return () => {
      clearInterval(timer);
      if (stop) clearTimeout(stop);
    };
  }, [active, started, router]);
}
