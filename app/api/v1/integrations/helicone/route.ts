import { systemContext } from "@/lib/auth/actor";
import { ingestHelicone } from "@/lib/gateways/helicone-request";
import { readBodyText } from "@/lib/http/read-body";
import { errorResponse, json } from "@/lib/http/respond";
import { getDb } from "@/lib/start";

export const dynamic = "force-dynamic";

/** Helicone's webhook: signed with its HMAC key, no API key (like GitHub's). */
export async function POST(req: Request): Promise<Response> {
  try {
    const body = await readBodyText(req);
    return json(await ingestHelicone(systemContext(await getDb(), "helicone"), body, req.headers.get("helicone-signature")));
  } catch (err) {
    return errorResponse(err);
  }
}
