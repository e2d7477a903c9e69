import "server-only";
import { env } from "@/lib/env";
import { AppError } from "@/lib/errors";

// Next bundles each route handler separately, so a module-level counter would be one per signal route (and per
// copy of the module); the process-wide count lives on globalThis, like the database handle.
const slots = globalThis as unknown as { __burnrateOtlpInFlight?: number };

/**
 * Runs one export while fewer than BURNRATE_OTLP_MAX_CONCURRENT_EXPORTS are in flight in this process, else
 * answers 429 (exporters retry after Retry-After). Each export may hold a decompressed body of up to 32 MiB,
 * so the bound caps the memory a burst of exporters can take.
 */
export async function withExportSlot<T>(fn: () => Promise<T>): Promise<T> {
  const inFlight = slots.__burnrateOtlpInFlight ?? 0;
  if (inFlight >= env().BURNRATE_OTLP_MAX_CONCURRENT_EXPORTS) {
    throw new AppError("rate_limited", "Too many exports in flight; retry after the indicated delay.");
  }
  slots.__burnrateOtlpInFlight = inFlight + 1;
  try {
    return await fn();
  } finally {
    slots.__burnrateOtlpInFlight = (slots.__burnrateOtlpInFlight ?? 1) - 1;
  }
}
