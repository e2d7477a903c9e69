"use server";

import { z } from "zod";
import { action } from "@/lib/http/action";
import { formText, IdForm } from "@/lib/http/form-data";
import { createPlan, deletePlan, updatePlan } from "@/lib/plans/manage-plans";

const PATH = "/settings/plans";
const REVALIDATE = [PATH, "/surfaces"];

/** `id` is set when editing; the other fields are the plan as `lib/plans` validates it. */
const PlanForm = z.object({
  id: formText(),
  name: formText(),
  vendor: formText(),
  tool: formText(),
  seats: formText(),
  fee_per_seat_usd: formText(),
  start_date: formText(),
  end_date: formText(),
  included_requests_per_seat: formText(),
  seat_holders: formText(),
});

export const savePlanAction = action(
  { schema: PlanForm, revalidate: REVALIDATE, values: ({ id: _, ...values }) => values },
  async (ctx, { id, ...values }) => {
    if (id) {
      await updatePlan(ctx, id, values);
      return { redirect: PATH };
    }
    await createPlan(ctx, values);
    return { message: `Plan "${values.name.trim()}" added.` };
  },
);

export const deletePlanAction = action({ schema: IdForm, revalidate: REVALIDATE }, async (ctx, { id }) => {
  await deletePlan(ctx, id);
});
