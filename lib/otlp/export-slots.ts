import "server-only";
import { env } from "@/lib/env";
import { AppError } from "@/lib/http/app-error";

let inFlight = 0;

/**
 * Runs one export while fewer than BURNRATE_OTLP_MAX_CONCURRENT_EXPORTS are in flight in this process, else
 * answers 429 (exporters retry after Retry-After). Each export may hold a decompressed body of up to 32 MiB,
 * so the bound caps the memory a burst of exporters can take.
 */
export async function withExportSlot<T>(fn: () => Promise<T>): Promise<T> {
  if (inFlight >= env().BURNRATE_OTLP_MAX_CONCURRENT_EXPORTS) {
    throw new AppError("rate_limited", "Too many exports in flight; retry after the indicated delay.");
  }
  inFlight++;
  try {
    return await fn();
  } finally {
    inFlight--;
  }
}
