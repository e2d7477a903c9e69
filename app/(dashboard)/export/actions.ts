"use server";

import { revalidatePath } from "next/cache";
import { requireUser } from "@/lib/auth/guard";
import { closeMonth, reopenMonth } from "@/lib/export/close-month";
import { type ActionState, runAction } from "@/lib/http/action-state";

/** Closes (`op=close`) or reopens (`op=reopen`) the form's month. */
export async function monthCloseAction(_prev: ActionState, form: FormData): Promise<ActionState> {
  const ctx = await requireUser();
  const month = String(form.get("month") ?? "");
  const result =
    form.get("op") === "reopen"
      ? await runAction(() => reopenMonth(ctx, month), `${month} is open again: its export follows the events, late ones included.`)
      : await runAction(async () => {
          await closeMonth(ctx, month);
        }, `${month} is closed. Its export will not change; late events go to the next open month as adjustments.`);
  if (result.ok) revalidatePath("/export");
  return result;
}
