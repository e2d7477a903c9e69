import { parseUsageQuery } from "@/lib/customers/schemas";
import { customerUsageCsv } from "@/lib/customers/usage-csv";
import { csvDownload } from "@/lib/http/respond";
import { withAuth } from "@/lib/http/with-auth";

export const dynamic = "force-dynamic";

export const GET = withAuth(
  "export:download",
  async ({ req, ctx }) => {
    const { filename, body } = await customerUsageCsv(ctx, parseUsageQuery(new URL(req.url).searchParams).month);
    return csvDownload(body, filename);
  },
  { session: true, replica: true },
);
