import "server-only";
import { revalidatePath } from "next/cache";
import { headers } from "next/headers";
import { redirect } from "next/navigation";
import type { z } from "zod";
import type { AnonymousCtx } from "@/lib/auth/actor";
import { clientIp } from "@/lib/auth/client-ip";
import type { Permission } from "@/lib/auth/permissions";
import { requireUser } from "@/lib/http/guard";
import { getDb } from "@/lib/start";
import { type ActionState, failedState } from "./action-state";
import { formObject } from "./form-data";

/** The signed-in member's context (`lib/auth/actor.ts` Ctx with a user actor). */
export type UserCtx = Awaited<ReturnType<typeof requireUser>>;

interface Options<S extends z.ZodType> {
  /** The form's fields; lenient strings (form-data.ts helpers): the `lib/` entry point validates the domain. */
  schema: S;
  /** Paths to revalidate after a successful run. */
  revalidate?: string[];
  /** The message shown after a successful run, unless the body returns one. */
  success?: string;
  /** What to give back to the form after a refused submit, so it shows what was typed (never a secret). */
  values?: (input: z.output<S>) => Record<string, string>;
}

/**
 * What the body hands back on success: data or a message for the form, or where to go next.
 * `ok: false` reports a failure the body has already handled (nothing is revalidated).
 */
export type Outcome<T> = Partial<ActionState<T>> & { redirect?: string };
export type FormAction<T> = (prev: ActionState<T>, form: FormData) => Promise<ActionState<T>>;
type Body<C, S extends z.ZodType, T> = (ctx: C, input: z.output<S>) => Promise<Outcome<T> | undefined> | Promise<void>;

async function run<C, S extends z.ZodType, T>(
  opts: Options<S>,
  form: FormData,
  context: () => Promise<C>,
  body: Body<C, S, T>,
): Promise<ActionState<T>> {
  let input: z.output<S> | undefined;
  let outcome: Outcome<T>;
  try {
    const ctx = await context();
    input = opts.schema.parse(formObject(form));
    outcome = (await body(ctx, input as z.output<S>)) ?? {};
  } catch (err) {
    const state = failedState(err);
    return input !== undefined && opts.values ? { ...state, values: opts.values(input) } : state;
  }
  const { redirect: to, ...rest } = outcome;
  const state: ActionState<T> = { ok: true, message: opts.success, ...rest };
  if (state.ok) for (const path of opts.revalidate ?? []) revalidatePath(path);
  if (to) redirect(to);
  return state;
}

/**
 * A server action for a signed-in member: `permission` is checked first (Next's 403 page when the role lacks it;
 * `lib/` checks its own permission on every write), the form is parsed with `schema`, errors become the form's
 * state (AppError message and field errors), and `revalidate` runs after a success.
 *
 *   export const deleteBudgetAction = action({ permission: "budgets:manage", schema: IdForm, revalidate: [PATH] },
 *     async (ctx, { id }) => { await deleteBudget(ctx, id); });
 */
export function action<S extends z.ZodType, T = void>(
  opts: Options<S> & { permission?: Permission },
  body: Body<UserCtx, S, T>,
): FormAction<T> {
  return async (_prev, form) => {
    // Before the form: a redirect to sign in, Next's 403 page, or (database down) the error page, as for a page.
    const ctx = await requireUser(opts.permission);
    return run(opts, form, async () => ctx, body);
  };
}

/** A server action that runs before sign-in: no actor, only the database (unavailable: a message in the form) and the client's address. */
export function publicAction<S extends z.ZodType, T = void>(opts: Options<S>, body: Body<AnonymousCtx, S, T>): FormAction<T> {
  return async (_prev, form) => run(opts, form, async () => ({ db: await getDb(), ip: clientIp(await headers()) }), body);
}
