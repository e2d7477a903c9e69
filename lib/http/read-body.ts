import "server-only";
import { AppError } from "@/lib/errors";

export const MAX_BODY_BYTES = 5 * 1024 * 1024;

export function bodyTooLarge(limit: number): AppError {
  return new AppError(
    "payload_too_large",
    `The request body exceeds the limit of ${limit} bytes (${+(limit / 1024 / 1024).toFixed(2)} MiB).`,
  );
}

/** Reads a request body as UTF-8 text, refusing (413) anything over `limit` bytes without buffering it all. */
export async function readBodyText(req: Request, limit = MAX_BODY_BYTES): Promise<string> {
  return (await readBodyBytes(req, limit)).toString("utf8");
}

/** Reads a request body, refusing (413) anything over `limit` bytes without buffering it all. */
export async function readBodyBytes(req: Request, limit = MAX_BODY_BYTES): Promise<Buffer> {
  const tooLarge = () => bodyTooLarge(limit);
  const declared = Number(req.headers.get("content-length"));
  if (Number.isFinite(declared) && declared > limit) throw tooLarge();
  if (!req.body) return Buffer.alloc(0);
  const reader = req.body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > limit) {
      await reader.cancel().catch(() => {});
      throw tooLarge();
    }
    chunks.push(value);
  }
  return Buffer.concat(chunks, size);
}

/** Parses a JSON body; any syntax error is the contract's 400 `invalid_json`. */
export async function readJson(req: Request, limit = MAX_BODY_BYTES): Promise<unknown> {
  const text = await readBodyText(req, limit);
  try {
    return JSON.parse(text);
  } catch {
    throw new AppError("invalid_json", "The request body is not valid JSON.");
  }
}
