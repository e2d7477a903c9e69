"use server";

import { z } from "zod";
import { action } from "@/lib/http/action";
import { formList, formText } from "@/lib/http/form-data";
import { markReviewItem } from "@/lib/review/mark-item";

const MarkForm = z.object({
  week: formText(),
  kind: formText(),
  id: formText(),
  status: formText(),
  tags: formList(),
  note: formText(),
  owner: formText(),
});

export const markReviewItemAction = action({ schema: MarkForm, revalidate: ["/review"], success: "Saved" }, async (ctx, input) => {
  await markReviewItem(ctx, input);
});
