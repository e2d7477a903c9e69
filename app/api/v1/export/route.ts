import { parseExportQuery } from "@/lib/export/schemas";
import { exportMonth } from "@/lib/export/stream-export";
import { withAuth } from "@/lib/http/with-auth";

export const dynamic = "force-dynamic";

export const GET = withAuth(
  "export:download",
  async ({ req, ctx }) => {
    const { filename, stream } = await exportMonth(ctx, parseExportQuery(new URL(req.url).searchParams));
    return new Response(stream, {
      headers: {
        "Content-Type": "text/csv; charset=utf-8",
        "Content-Disposition": `attachment; filename="${filename}"`,
        "Cache-Control": "no-store",
        "X-Content-Type-Options": "nosniff",
      },
    });
  },
  { session: true },
);
