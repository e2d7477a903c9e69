import { redirect } from "next/navigation";
import { describe, expect, it, vi } from "vitest";
import { z } from "zod";
import { AppError } from "@/lib/errors";
import { failedState, runAction } from "./action-state";

describe("action errors → form state", () => {
  it("shows an AppError's message and its details by field", () => {
    const err = new AppError("validation_failed", "Some fields are not valid; see the details.", [
      { path: "amount_usd", message: "must be more than 0" },
    ]);
    expect(failedState(err)).toEqual({
      ok: false,
      message: "Some fields are not valid; see the details.",
      fieldErrors: { amount_usd: "must be more than 0" },
    });
  });

  it("maps a ZodError (a form that does not parse) to field errors", () => {
    const parsed = z.object({ name: z.string() }).safeParse({ name: 1 });
    const state = failedState(parsed.error);
    expect(state.ok).toBe(false);
    expect(Object.keys(state.fieldErrors ?? {})).toEqual(["name"]);
  });

  it("answers an unexpected error with a generic sentence and logs it", () => {
    const log = vi.spyOn(console, "error").mockImplementation(() => {});
    const state = failedState(new Error("connection string postgres://secret"));
    expect(state).toEqual({ ok: false, message: "Something went wrong on our side. The error has been logged.", fieldErrors: {} });
    expect(log).toHaveBeenCalledOnce();
    log.mockRestore();
  });

  it("lets Next's redirect through", async () => {
    await expect(runAction(async () => redirect("/settings/plans"))).rejects.toThrow("NEXT_REDIRECT");
  });

  it("gives the data and the success message of a run that worked", async () => {
    expect(await runAction(async () => 42, "Saved")).toEqual({ ok: true, message: "Saved", data: 42 });
  });
});
