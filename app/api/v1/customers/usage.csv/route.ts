import { parseUsageQuery } from "@/lib/customers/schemas";
import { customerUsageCsv } from "@/lib/customers/usage-csv";
import { withAuth } from "@/lib/http/with-auth";

export const dynamic = "force-dynamic";

export const GET = withAuth(
  "export:download",
  async ({ req, ctx }) => {
    const { filename, body } = await customerUsageCsv(ctx, parseUsageQuery(new URL(req.url).searchParams).month);
    return new Response(body, {
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
