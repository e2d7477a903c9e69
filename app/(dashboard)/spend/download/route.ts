import { readMeasure } from "@/lib/effective/measures";
import { explorerCsv } from "@/lib/explorer/explorer-csv";
import { EXPLORER_MEASURE, parseExplorerQuery } from "@/lib/explorer/view";
import { csvDownload } from "@/lib/http/respond";
import { withAuth } from "@/lib/http/with-auth";

export const dynamic = "force-dynamic";

/**
 * The Spend explorer's "Download CSV": the view in the URL (grouping, filters, period, measure), parsed as the page
 * parses it, as a file. A signed-in member (or a `read` key), like the explorer and `GET /api/v1/spend`.
 */
export const GET = withAuth(
  "dashboards:read",
  async ({ req, ctx }) => {
    const params = new URL(req.url).searchParams;
    const input = parseExplorerQuery(params);
    const measure = readMeasure(params.has("measure") ? params.getAll("measure") : null, EXPLORER_MEASURE);
    const { filename, body } = await explorerCsv(ctx, input, measure);
    return csvDownload(body, filename);
  },
  { session: true, replica: true },
);
