import "server-only";
import { promisify } from "node:util";
import { gunzip } from "node:zlib";
import type { z } from "zod";
import { AppError } from "@/lib/errors";
import { bodyTooLarge, readBodyBytes } from "@/lib/http/read-body";
import { type OtlpMessageName, protoType } from "./proto";

const gunzipAsync = promisify(gunzip);

/** OTLP/HTTP's recommended cap (64 MiB) halved: the limit for the body as sent and again after decompression. */
export const MAX_OTLP_BODY_BYTES = 32 * 1024 * 1024;

export type OtlpEncoding = "json" | "protobuf";

/** `http/json` or `http/protobuf` from the Content-Type; null for anything else. */
export function requestEncoding(contentType: string | null): OtlpEncoding | null {
  const type = (contentType ?? "").split(";")[0]?.trim().toLowerCase();
  if (type === "application/json") return "json";
  if (type === "application/x-protobuf" || type === "application/protobuf") return "protobuf";
  return null;
}

/**
 * The request body, gunzipped when `Content-Encoding: gzip`. Both the body as sent and the decompressed bytes
 * are capped (413): zlib stops inflating at the cap, so a small zip bomb costs no more than the cap.
 */
export async function readOtlpBody(req: Request): Promise<Buffer> {
  const encoding = (req.headers.get("content-encoding") ?? "identity").trim().toLowerCase();
  if (encoding !== "identity" && encoding !== "gzip" && encoding !== "x-gzip") {
    throw new AppError("unsupported_media_type", `Content-Encoding '${encoding}' is not supported; send gzip or no encoding.`);
  }
  const raw = await readBodyBytes(req, MAX_OTLP_BODY_BYTES);
  if (encoding === "identity" || raw.length === 0) return raw;
  try {
    return await gunzipAsync(raw, { maxOutputLength: MAX_OTLP_BODY_BYTES });
  } catch (err) {
    if ((err as { code?: string }).code === "ERR_BUFFER_TOO_LARGE") throw bodyTooLarge(MAX_OTLP_BODY_BYTES);
    throw new AppError("invalid_otlp", "The body is not valid gzip.");
  }
}

/**
 * Decodes an export request in either encoding into one plain shape: protobuf through the OTLP message types
 * (64-bit integers as decimal strings, bytes as base64), JSON as it is; then the shape is checked. Anything
 * undecodable is a 400 `invalid_otlp` naming what is wrong, never a 500.
 */
export function decodeExport<T extends z.ZodType>(bytes: Buffer, encoding: OtlpEncoding, message: OtlpMessageName, schema: T): z.infer<T> {
  let plain: unknown;
  if (encoding === "json") {
    if (bytes.length === 0) return schema.parse({});
    try {
      plain = JSON.parse(bytes.toString("utf8"));
    } catch {
      throw new AppError("invalid_otlp", `The body is not valid JSON (expected an OTLP ${message}).`);
    }
  } else {
    const type = protoType(message);
    try {
      plain = type.toObject(type.decode(bytes), { longs: String, bytes: String, enums: Number });
    } catch (err) {
      throw new AppError("invalid_otlp", `The body is not a valid protobuf ${message}: ${(err as Error).message}.`);
    }
  }
  const parsed = schema.safeParse(plain);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const where = issue?.path.length ? ` at ${issue.path.join(".")}` : "";
    throw new AppError("invalid_otlp", `The body is not a valid OTLP ${message}${where}: ${issue?.message ?? "unexpected shape"}.`);
  }
  return parsed.data;
}
