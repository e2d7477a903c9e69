import "server-only";
import type { Ctx } from "@/lib/auth/actor";
import { assertCan } from "@/lib/auth/permissions";
import { AppError } from "@/lib/errors";
import { authenticate } from "@/lib/http/with-auth";
import { type OtlpEncoding, readOtlpBody, requestEncoding } from "./decode";
import { withExportSlot } from "./export-slots";
import type { ExportOutcome } from "./ingest-usage";
import { exportResponse, type OtlpSignal, otlpErrorResponse } from "./respond";

type Handler = (args: { ctx: Ctx; body: Buffer; encoding: OtlpEncoding }) => Promise<ExportOutcome>;

/**
 * Wraps an OTLP/HTTP route: the ingest key (`Authorization: Bearer`, as OTEL_EXPORTER_OTLP_HEADERS sends it),
 * the content type (415 unless JSON or protobuf), a bounded number of exports in flight (429), the body
 * (gzip, size caps), then the handler; every answer is in the request's encoding, errors included.
 */
export function withOtlp(signal: OtlpSignal, handler: Handler) {
  return async (req: Request): Promise<Response> => {
    const encoding = requestEncoding(req.headers.get("content-type"));
    try {
      const ctx = await authenticate(req);
      assertCan(ctx.actor, "events:write");
      if (!encoding) {
        throw new AppError(
          "unsupported_media_type",
          "Send OTLP as application/json (http/json) or application/x-protobuf (http/protobuf).",
        );
      }
      return await withExportSlot(async () => {
        const body = await readOtlpBody(req);
        return exportResponse(signal, await handler({ ctx, body, encoding }), encoding);
      });
    } catch (err) {
      return otlpErrorResponse(err, encoding ?? "json");
    }
  };
}
