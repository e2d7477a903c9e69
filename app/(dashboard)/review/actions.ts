"use server";

import { revalidatePath } from "next/cache";
import { requireUser } from "@/lib/auth/guard";
import { type ActionState, runAction } from "@/lib/http/action-state";
import { markReviewItem } from "@/lib/review/mark-item";

export async function markReviewItemAction(_prev: ActionState, form: FormData): Promise<ActionState> {
  const ctx = await requireUser();
  const result = await runAction(
    () =>
      markReviewItem(ctx, {
        week: String(form.get("week") ?? ""),
        kind: String(form.get("kind") ?? ""),
        id: String(form.get("id") ?? ""),
        status: String(form.get("status") ?? ""),
        tags: form.getAll("tags").map(String),
        note: String(form.get("note") ?? ""),
        owner: String(form.get("owner") ?? ""),
      }),
    "Saved",
  );
  if (result.ok) revalidatePath("/review");
  return result;
}
