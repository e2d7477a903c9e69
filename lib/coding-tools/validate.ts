import type { z } from "zod";
import { ProviderError } from "@/lib/providers/fetch-report";

/**
 * A vendor response checked against its spec's shape before any of it is used: a field of the wrong type fails the
 * run with the field's path (`usageEvents[3].chargedCents: expected number, received string`), never a silent 0.
 * Unknown fields pass (vendors add fields).
 */
export function parseVendor<S extends z.ZodType>(schema: S, value: unknown, what: string): z.infer<S> {
  const parsed = schema.safeParse(value);
  if (parsed.success) return parsed.data;
  const issue = parsed.error.issues[0];
  const path = issue?.path.map((p, i) => (typeof p === "number" ? `[${p}]` : i === 0 ? String(p) : `.${String(p)}`)).join("") ?? "";
  throw new ProviderError(`${what} answered an unexpected shape: ${path || "(body)"}: ${issue?.message ?? "invalid"}`);
}
