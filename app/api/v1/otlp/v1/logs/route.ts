import { decodeExport } from "@/lib/otlp/decode";
import { ingestOtlpLogs } from "@/lib/otlp/ingest-otlp";
import { ExportLogsRequest } from "@/lib/otlp/schemas";
import { withOtlp } from "@/lib/otlp/with-otlp";

export const dynamic = "force-dynamic";

export const POST = withOtlp("logs", ({ ctx, body, encoding }) =>
  ingestOtlpLogs(ctx, decodeExport(body, encoding, "ExportLogsServiceRequest", ExportLogsRequest)),
);
