import "server-only";
import { unstable_rethrow } from "next/navigation";
import { toAppError } from "./respond";

/** What a server action hands back to its form: a message, per-field errors, and data to show once. */
export interface ActionState<T = void> {
  ok: boolean;
  message?: string;
  fieldErrors?: Record<string, string>;
  data?: T;
  /** What was typed, so a form can show it again after a refused submit (React resets uncontrolled forms). */
  values?: Record<string, string>;
}

/**
 * The form state for a failed action: the AppError's message and its details by field. Next's own control
 * flow (redirect, forbidden) passes through; unexpected errors are logged and answered with a generic sentence.
 */
export function failedState(err: unknown): ActionState<never> {
  unstable_rethrow(err);
  const appError = toAppError(err);
  if (appError.code === "internal_error") console.error("[burnrate] server action failed", err);
  const fieldErrors = Object.fromEntries((appError.details ?? []).map((d) => [d.path, d.message]));
  return { ok: false, message: appError.message, fieldErrors };
}

/** Runs a step of an action and turns a failure into a form state (see `failedState`). */
export async function runAction<T>(fn: () => Promise<T>, success?: string): Promise<ActionState<T>> {
  try {
    return { ok: true, message: success, data: await fn() };
  } catch (err) {
    return failedState(err);
  }
}
