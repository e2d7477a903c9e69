import { beforeEach, describe, expect, it, vi } from "vitest";
import { z } from "zod";
import { AppError } from "@/lib/errors";
import { action } from "./action";
import { formText } from "./form-data";

const calls = vi.hoisted(() => ({ revalidated: [] as string[], permission: [] as (string | undefined)[] }));
vi.mock("next/cache", () => ({ revalidatePath: (p: string) => calls.revalidated.push(p) }));
vi.mock("@/lib/start", () => ({ getDb: async () => ({}) }));
vi.mock("@/lib/http/guard", () => ({
  requireUser: async (permission?: string) => {
    calls.permission.push(permission);
    return { db: {}, actor: { kind: "user", userId: "u1", email: "a@example.com", name: null, role: "admin" }, ip: null };
  },
}));

const NameForm = z.object({ id: formText(), name: formText() });
function form(fields: Record<string, string>): FormData {
  const fd = new FormData();
  for (const [k, v] of Object.entries(fields)) fd.append(k, v);
  return fd;
}

beforeEach(() => {
  calls.revalidated = [];
  calls.permission = [];
});

describe("action()", () => {
  const save = action(
    { permission: "plans:manage", schema: NameForm, revalidate: ["/settings/plans"], values: ({ name }) => ({ name }) },
    async (ctx, { id, name }) => {
      if (name === "taken") throw new AppError("conflict", "That name is taken.", [{ path: "name", message: "is taken" }]);
      if (id) return { redirect: "/settings/plans" };
      return { message: `Plan "${name}" added.`, data: { who: ctx.actor.email } };
    },
  );

  it("checks the permission, runs the body with the parsed form and revalidates", async () => {
    expect(await save({ ok: true }, form({ name: "Team" }))).toEqual({
      ok: true,
      message: 'Plan "Team" added.',
      data: { who: "a@example.com" },
    });
    expect(calls.permission).toEqual(["plans:manage"]);
    expect(calls.revalidated).toEqual(["/settings/plans"]);
  });

  it("turns an AppError into the form's state with what was typed, and revalidates nothing", async () => {
    expect(await save({ ok: true }, form({ name: "taken" }))).toEqual({
      ok: false,
      message: "That name is taken.",
      fieldErrors: { name: "is taken" },
      values: { name: "taken" },
    });
    expect(calls.revalidated).toEqual([]);
  });

  it("redirects after revalidating", async () => {
    await expect(save({ ok: true }, form({ id: "p1", name: "Team" }))).rejects.toThrow("NEXT_REDIRECT");
    expect(calls.revalidated).toEqual(["/settings/plans"]);
  });

  it("refuses a form that does not parse, naming the field", async () => {
    const fd = form({});
    fd.append("name", new File(["x"], "x.txt"));
    const state = await save({ ok: true }, fd);
    expect(state.ok).toBe(false);
    expect(Object.keys(state.fieldErrors ?? {})).toEqual(["name"]);
  });

  it("uses the success message when the body returns nothing", async () => {
    const remove = action({ schema: NameForm, success: "Removed." }, async () => {});
    expect(await remove({ ok: true }, form({ id: "x" }))).toEqual({ ok: true, message: "Removed." });
    expect(calls.permission).toEqual([undefined]);
  });
});
