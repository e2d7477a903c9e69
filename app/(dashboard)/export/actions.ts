"use server";

import { z } from "zod";
import { closeMonth, reopenMonth } from "@/lib/export/close-month";
import { action } from "@/lib/http/action";
import { formText } from "@/lib/http/form-data";

const MonthCloseForm = z.object({ month: formText(), op: formText() });

/** Closes (`op=close`) or reopens (`op=reopen`) the form's month. */
export const monthCloseAction = action({ schema: MonthCloseForm, revalidate: ["/export"] }, async (ctx, { month, op }) => {
  if (op === "reopen") {
    await reopenMonth(ctx, month);
    return { message: `${month} is open again: its export follows the events, late ones included.` };
  }
  await closeMonth(ctx, month);
  return { message: `${month} is closed. Its export will not change; late events go to the next open month as adjustments.` };
});
