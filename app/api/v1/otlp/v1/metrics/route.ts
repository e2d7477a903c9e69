import { decodeExport } from "@/lib/otlp/decode";
import { acceptOtlpMetrics } from "@/lib/otlp/ingest-otlp";
import { ExportMetricsRequest } from "@/lib/otlp/schemas";
import { withOtlp } from "@/lib/otlp/with-otlp";

export const dynamic = "force-dynamic";

export const POST = withOtlp("metrics", ({ ctx, body, encoding }) =>
  acceptOtlpMetrics(ctx, decodeExport(body, encoding, "ExportMetricsServiceRequest", ExportMetricsRequest)),
);
