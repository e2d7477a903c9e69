import { sign } from "@octokit/webhooks-methods";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { MERGED_PR_BODY, MERGED_PR_DELIVERY, MERGED_PR_SIGNATURE, PING_BODY, PING_SIGNATURE } from "@/scripts/test/github-fixtures";
import { type Backend, GITHUB_WEBHOOK_SECRET, startBackend, testBackends } from "./support/backends";

for (const kind of testBackends()) {
  describe(`POST /api/v1/webhooks/github over HTTP [${kind}]`, () => {
    let b: Backend;
    beforeAll(async () => {
      b = await startBackend(kind);
    });
    afterAll(async () => {
      await b?.close();
    });

    const deliver = (body: string, headers: Record<string, string | undefined>) =>
      fetch(`${b.server.url}/api/v1/webhooks/github`, {
        method: "POST",
        headers: Object.fromEntries(
          Object.entries({ "content-type": "application/json", "user-agent": "GitHub-Hookshot/a1b2c3d", ...headers }).filter(
            (e): e is [string, string] => e[1] !== undefined,
          ),
        ),
        body,
      });
    const prHeaders = (id: string, signature: string | undefined) => ({
      "x-github-event": "pull_request",
      "x-github-delivery": id,
      "x-hub-signature-256": signature,
    });

    it("refuses unsigned, mis-signed and malformed-signature deliveries with 401, storing nothing", async () => {
      const attempts = [
        undefined,
        MERGED_PR_SIGNATURE.replace(/.$/, "0"),
        "sha256=abc", // wrong length: rejected without comparing
        MERGED_PR_SIGNATURE.replace("sha256=", "sha1="),
        await sign("another secret", MERGED_PR_BODY),
      ];
      for (const signature of attempts) {
        const res = await deliver(MERGED_PR_BODY, prHeaders(MERGED_PR_DELIVERY, signature));
        expect(res.status).toBe(401);
        expect((await res.json()).error.code).toBe("unauthorized");
      }
      // The signed body with one byte changed.
      const tampered = await deliver(
        MERGED_PR_BODY.replace("Add spend alerts", "Add spend alertz"),
        prHeaders(MERGED_PR_DELIVERY, MERGED_PR_SIGNATURE),
      );
      expect(tampered.status).toBe(401);

      // Nothing was stored: the real delivery with the same GUID is still new, and its redelivery is the duplicate.
      const real = await deliver(MERGED_PR_BODY, prHeaders(MERGED_PR_DELIVERY, MERGED_PR_SIGNATURE));
      expect(real.status).toBe(200);
      expect(await real.json()).toEqual({ ok: true, status: "stored", repo: "acme/widgets", number: 42, state: "merged", applied: true });
      const redelivery = await deliver(MERGED_PR_BODY, prHeaders(MERGED_PR_DELIVERY, MERGED_PR_SIGNATURE));
      expect(await redelivery.json()).toEqual({ ok: true, status: "duplicate" });
    });

    it("answers ping, takes form-encoded deliveries, and acknowledges events it does not use with 202", async () => {
      const ping = await deliver(PING_BODY, {
        "x-github-event": "ping",
        "x-github-delivery": "ping-1",
        "x-hub-signature-256": PING_SIGNATURE,
      });
      expect(ping.status).toBe(200);
      expect(await ping.json()).toEqual({ ok: true, status: "pong", zen: "Keep it logically awesome." });

      const form = new URLSearchParams({ payload: MERGED_PR_BODY }).toString();
      const formRes = await deliver(form, {
        "content-type": "application/x-www-form-urlencoded",
        ...prHeaders("form-1", await sign(GITHUB_WEBHOOK_SECRET, form)),
      });
      expect(formRes.status).toBe(200);
      expect(await formRes.json()).toMatchObject({ status: "stored", number: 42, state: "merged" });

      const push = await deliver('{"ref":"refs/heads/main"}', {
        "x-github-event": "push",
        "x-github-delivery": "push-1",
        "x-hub-signature-256": await sign(GITHUB_WEBHOOK_SECRET, '{"ref":"refs/heads/main"}'),
      });
      expect(push.status).toBe(202);
      expect(await push.json()).toEqual({ ok: true, status: "ignored", reason: "event push is not used" });
    });

    it("a signed delivery without its headers or with a broken payload is a 400 in the contract's shape", async () => {
      const noId = await deliver(MERGED_PR_BODY, prHeaders("", MERGED_PR_SIGNATURE));
      expect(noId.status).toBe(400);
      expect(await noId.json()).toMatchObject({ error: { code: "validation_failed", details: [{ path: "X-GitHub-Delivery" }] } });
      const body = '{"action":"opened","number":7}';
      const broken = await deliver(body, prHeaders("broken-1", await sign(GITHUB_WEBHOOK_SECRET, body)));
      expect(broken.status).toBe(400);
      expect((await broken.json()).error.code).toBe("validation_failed");
    });
  });
}
