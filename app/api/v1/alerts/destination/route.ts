import { alertDestinationView, removeAlertDestination, saveAlertDestination, toApiDestination } from "@/lib/alerts/destination";
import { readJson } from "@/lib/http/read-body";
import { json } from "@/lib/http/respond";
import { withAuth } from "@/lib/http/with-auth";

export const dynamic = "force-dynamic";

/** The global alert webhook (Settings → Alerts): where it comes from and a masked hint, never the URL. Scope admin. */
export const GET = withAuth("settings:manage", async ({ ctx }) => json(toApiDestination(await alertDestinationView(ctx))), {
  session: true,
});

/** `{"url": "https://hooks.slack.com/…"}`: stored sealed; wins over ALERT_WEBHOOK_URL. */
export const PUT = withAuth(
  "settings:manage",
  async ({ req, ctx }) => json(toApiDestination(await saveAlertDestination(ctx, await readJson(req, 16 * 1024)))),
  { session: true },
);

/** Removes the stored URL; ALERT_WEBHOOK_URL applies again. */
export const DELETE = withAuth("settings:manage", async ({ ctx }) => json(toApiDestination(await removeAlertDestination(ctx))), {
  session: true,
});
