import type { z } from "zod";
import { AppError } from "@/lib/errors";

/** Parses query parameters with `schema`; any problem is a 400 `invalid_query` naming each bad or unknown parameter. */
export function parseQuery<S extends z.ZodType>(schema: S, raw: Record<string, string>): z.infer<S> {
  const parsed = schema.safeParse(raw);
  if (parsed.success) return parsed.data;
  throw new AppError(
    "invalid_query",
    "The query string is not valid.",
    parsed.error.issues.map((i) => ({
      path: i.code === "unrecognized_keys" ? i.keys.join(",") : i.path.join("."),
      message: i.code === "unrecognized_keys" ? "is not a known parameter" : i.message,
    })),
  );
}
