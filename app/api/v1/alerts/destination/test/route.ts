import { sendTestAlert } from "@/lib/alerts/send-test-alert";
import { json } from "@/lib/http/respond";
import { withAuth } from "@/lib/http/with-auth";

export const dynamic = "force-dynamic";

/** Posts a test message to the global alert webhook and says how it went: `{delivered, status, message}`. */
export const POST = withAuth("settings:manage", async ({ ctx }) => json(await sendTestAlert(ctx)), { session: true });
