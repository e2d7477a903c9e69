import { decodeExport } from "@/lib/otlp/decode";
import { ingestOtlpTraces } from "@/lib/otlp/ingest-otlp";
import { ExportTraceRequest } from "@/lib/otlp/schemas";
import { withOtlp } from "@/lib/otlp/with-otlp";

export const dynamic = "force-dynamic";

// Span ids are hex in OTLP/JSON and raw bytes (base64 once decoded) in protobuf.
export const POST = withOtlp("traces", ({ ctx, body, encoding }) =>
  ingestOtlpTraces(
    ctx,
    decodeExport(body, encoding, "ExportTraceServiceRequest", ExportTraceRequest),
    encoding === "json" ? "hex" : "base64",
  ),
);
