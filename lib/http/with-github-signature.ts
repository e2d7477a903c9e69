import "server-only";
import { verify } from "@octokit/webhooks-methods";
import { type Ctx, systemContext } from "@/lib/auth/actor";
import { env } from "@/lib/env";
import { AppError } from "@/lib/errors";
import { getDb } from "@/lib/start";
import { readBodyText } from "./read-body";
import { errorResponse } from "./respond";

export interface GithubDeliveryRequest {
  ctx: Ctx;
  /** `X-GitHub-Delivery`, `X-GitHub-Event` and the raw body the signature covers. */
  id: string;
  event: string;
  body: string;
  contentType: string | null;
}

const SIGNATURE = /^sha256=[0-9a-f]{64}$/;

/**
 * Wraps the GitHub webhook route: the raw body is read once (5 MiB cap) and checked against
 * `X-Hub-Signature-256` with GITHUB_WEBHOOK_SECRET in constant time before anything is parsed or stored.
 * No secret configured, no signature, a malformed one or a mismatch: 401 and nothing stored.
 */
export function withGithubSignature(handler: (delivery: GithubDeliveryRequest) => Promise<Response>) {
  return async (req: Request): Promise<Response> => {
    try {
      const secret = env().GITHUB_WEBHOOK_SECRET;
      if (!secret) throw new AppError("unauthorized", "GitHub webhooks are not enabled: set GITHUB_WEBHOOK_SECRET.");
      const signature = req.headers.get("x-hub-signature-256") ?? "";
      const body = await readBodyText(req);
      // A malformed header is rejected before comparing; verify() compares equal-length buffers in constant time.
      if (!SIGNATURE.test(signature) || body === "" || !(await verify(secret, body, signature))) {
        throw new AppError("unauthorized", "The X-Hub-Signature-256 header is missing or does not match the body.");
      }
      const id = req.headers.get("x-github-delivery") ?? "";
      const event = req.headers.get("x-github-event") ?? "";
      if (!id || id.length > 200 || !event) {
        throw new AppError("validation_failed", "A delivery needs X-GitHub-Delivery and X-GitHub-Event headers.", [
          { path: id ? "X-GitHub-Event" : "X-GitHub-Delivery", message: "is required" },
        ]);
      }
      const ctx = systemContext(await getDb(), "github");
      return await handler({ ctx, id, event, body, contentType: req.headers.get("content-type") });
    } catch (err) {
      return errorResponse(err);
    }
  };
}
