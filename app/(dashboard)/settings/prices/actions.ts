"use server";

import { z } from "zod";
import { action } from "@/lib/http/action";
import { formText, IdForm } from "@/lib/http/form-data";
import { createPriceOverride, deletePriceOverride } from "@/lib/prices/manage-prices";
import { launchReprice, previewReprice, type RepricePreview } from "@/lib/prices/reprice";

const PATH = "/settings/prices";

const PriceForm = z.object({
  provider: formText(),
  model: formText(),
  effective_from: formText(),
  input_per_mtok: formText(),
  output_per_mtok: formText(),
  cache_read_per_mtok: formText(),
  cache_write_per_mtok: formText(),
  as_model: formText(),
  multiplier: formText(),
  note: formText(),
});

export const addPriceAction = action(
  { permission: "prices:manage", schema: PriceForm, revalidate: [PATH, "/"], values: (v) => v },
  async (ctx, values) => {
    // An empty cache price means "as input": left out, not a price of "".
    const input = Object.fromEntries(Object.entries(values).filter(([, v]) => v.trim() !== ""));
    await createPriceOverride(ctx, input);
    return {
      message: `Price for ${values.provider.trim().toLowerCase()}/${values.model.trim().toLowerCase()} added: events ingested from now on use it. Events already stored keep their cost until repriced: preview that below.`,
    };
  },
);

export const deletePriceAction = action({ permission: "prices:manage", schema: IdForm, revalidate: [PATH, "/"] }, async (ctx, { id }) => {
  await deletePriceOverride(ctx, id);
});

const RepriceForm = z.object({ provider: formText(), model: formText() });
const filter = ({ provider, model }: z.output<typeof RepriceForm>) => ({
  ...(provider.trim() ? { provider } : {}),
  ...(model.trim() ? { model } : {}),
});

/** The preview, and the filter it was made with (the Apply button sends it back). */
export type RepricePreviewState = RepricePreview & { filter: { provider: string; model: string } };

export const previewRepriceAction = action<typeof RepriceForm, RepricePreviewState>(
  { permission: "prices:manage", schema: RepriceForm, values: (v) => v },
  async (ctx, values) => ({
    data: {
      ...(await previewReprice(ctx, { dry_run: true, ...filter(values) })),
      filter: { provider: values.provider, model: values.model },
    },
  }),
);

export const applyRepriceAction = action({ permission: "prices:manage", schema: RepriceForm, revalidate: [PATH] }, async (ctx, values) => {
  const job = await launchReprice(ctx, { dry_run: false, ...filter(values) });
  return { message: `Repricing ${job.events_total.toLocaleString("en-US")} events: progress below.` };
});
