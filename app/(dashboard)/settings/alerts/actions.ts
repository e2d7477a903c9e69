"use server";

import { z } from "zod";
import { removeAlertDestination, saveAlertDestination } from "@/lib/alerts/destination";
import { sendTestAlert, type TestAlertResult } from "@/lib/alerts/send-test-alert";
import { action } from "@/lib/http/action";
import { formText, NoFields } from "@/lib/http/form-data";

const PATHS = ["/settings/alerts", "/settings/budgets", "/review"];
const DestinationForm = z.object({ url: formText() });

export const saveAlertDestinationAction = action(
  { permission: "settings:manage", schema: DestinationForm, revalidate: PATHS, success: "Alert webhook saved (encrypted)." },
  async (ctx, input) => {
    await saveAlertDestination(ctx, input);
  },
);

export const removeAlertDestinationAction = action(
  { permission: "settings:manage", schema: NoFields, revalidate: PATHS, success: "Removed." },
  async (ctx) => {
    await removeAlertDestination(ctx);
  },
);

/** Sends the test message; how it went comes back as the message (a refused or failed send is still a result). */
export const sendTestAlertAction = action<typeof NoFields, TestAlertResult>(
  { permission: "settings:manage", schema: NoFields },
  async (ctx) => {
    const result = await sendTestAlert(ctx);
    return { data: result, message: result.message };
  },
);
