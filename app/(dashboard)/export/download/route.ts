import { parseExportQuery } from "@/lib/export/schemas";
import { exportMonth } from "@/lib/export/stream-export";
import { csvDownload } from "@/lib/http/respond";
import { withAuth } from "@/lib/http/with-auth";

export const dynamic = "force-dynamic";

/**
 * The Export screen's downloads: the same stream as `GET /api/v1/export`, saved under a name that says its format
 * and granularity (the API keeps DESIGN §3.7's `burnrate-YYYY-MM.csv` for every file, which made the screen's four
 * downloads overwrite each other). Finance and admins (a session), or an `export` key.
 */
export const GET = withAuth(
  "export:download",
  async ({ req, ctx }) => {
    const { downloadName, stream } = await exportMonth(ctx, parseExportQuery(new URL(req.url).searchParams));
    return csvDownload(stream, downloadName);
  },
  { session: true, replica: true },
);
