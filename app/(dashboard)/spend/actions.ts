"use server";

import { z } from "zod";
import { deleteSavedView, saveView } from "@/lib/explorer/saved-views";
import { action } from "@/lib/http/action";
import { formText, IdForm } from "@/lib/http/form-data";

const PATH = "/spend";
const SaveViewForm = z.object({ name: formText(), query: formText() });

/** Saves the explorer's current view for the team; the nav lists it under "Spend explorer". */
export const saveViewAction = action(
  { permission: "dashboards:read", schema: SaveViewForm, revalidate: [PATH], values: ({ name }) => ({ name }) },
  async (ctx, input) => {
    const view = await saveView(ctx, input);
    return { message: `Saved as "${view.name}".`, data: { id: view.id } };
  },
);

/** Deletes a saved view (its creator or an admin; lib/ decides). */
export const deleteViewAction = action(
  { permission: "dashboards:read", schema: IdForm, revalidate: [PATH], success: "Saved view deleted." },
  async (ctx, { id }) => {
    await deleteSavedView(ctx, id);
  },
);
