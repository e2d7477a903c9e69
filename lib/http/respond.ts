import "server-only";
import { ZodError } from "zod";
import { isDatabaseUnavailable } from "@/db/errors";
import { env } from "@/lib/env";
import { AppError } from "@/lib/errors";

export function json(body: unknown, status = 200, headers?: HeadersInit): Response {
  return Response.json(body, { status, headers: { "Cache-Control": "no-store", ...headers } });
}

/** A CSV file to save (exports, customer usage): streamed or whole, never cached. */
export function csvDownload(body: BodyInit, filename: string): Response {
  return new Response(body, {
    headers: {
      "Content-Type": "text/csv; charset=utf-8",
      "Content-Disposition": `attachment; filename="${filename}"`,
      "Cache-Control": "no-store",
      "X-Content-Type-Options": "nosniff",
    },
  });
}

/** The `Retry-After` header every database-unavailable answer carries. */
export function retryAfter(): Record<string, string> {
  return { "Retry-After": String(env().BURNRATE_RETRY_AFTER_SECONDS) };
}

function errorBody(err: AppError): { error: { code: string; message: string; details?: unknown } } {
  return { error: { code: err.code, message: err.message, ...(err.details ? { details: err.details } : {}) } };
}

/** Maps any thrown value to the contract's error response. Internal messages never reach the client. */
export function errorResponse(err: unknown): Response {
  const appError = toAppError(err);
  if (appError.code === "internal_error") console.error("[burnrate] unhandled error", err);
  return json(errorBody(appError), appError.status, appError.code === "database_unavailable" ? retryAfter() : undefined);
}

export function toAppError(err: unknown): AppError {
  if (err instanceof AppError) return err;
  if (err instanceof ZodError) {
    const details = err.issues.map((i) => ({ path: i.path.join("."), message: i.message }));
    return new AppError("validation_failed", "Some fields are not valid; see the details.", details, { cause: err });
  }
  if (isDatabaseUnavailable(err)) {
    return new AppError("database_unavailable", "The database is unavailable. Retry after the indicated delay.", undefined, { cause: err });
  }
  return new AppError("internal_error", "Something went wrong on our side. The error has been logged.", undefined, { cause: err });
}
