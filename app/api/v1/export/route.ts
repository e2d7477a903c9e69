import { parseExportQuery } from "@/lib/export/schemas";
import { exportMonth } from "@/lib/export/stream-export";
import { csvDownload } from "@/lib/http/respond";
import { withAuth } from "@/lib/http/with-auth";

export const dynamic = "force-dynamic";

export const GET = withAuth(
  "export:download",
  async ({ req, ctx }) => {
    const { filename, stream } = await exportMonth(ctx, parseExportQuery(new URL(req.url).searchParams));
    return csvDownload(stream, filename);
  },
  { session: true, replica: true },
);
