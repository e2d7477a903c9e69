import { getDb } from "@/lib/db";

export function startDatabase(): void {
  getDb().then(
    () => console.log("[burnrate] database ready"),
    (err) => console.error("[burnrate] database not ready yet; requests will retry:", err instanceof Error ? err.message : err),
  );
}
