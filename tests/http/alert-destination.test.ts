import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { signInOverHttp } from "@/scripts/test/session";
import { startWebhookReceiver, type WebhookReceiver } from "@/scripts/test/webhook-receiver";
import { type Backend, MEMBER_PASSWORD, ROLE_EMAILS, startBackend, testBackends } from "./support/backends";

for (const kind of testBackends()) {
  describe(`Settings → Alerts' webhook over HTTP [${kind}]`, () => {
    let b: Backend;
    let stored: WebhookReceiver;
    let fromEnv: WebhookReceiver;
    beforeAll(async () => {
      [stored, fromEnv] = await Promise.all([startWebhookReceiver(), startWebhookReceiver()]);
      b = await startBackend(kind, {
        BURNRATE_SECRET: "an-http-test-secret-of-32-characters!",
        // The receivers listen on loopback: allow-listed, as an internal Slack relay would be (lib/net).
        BURNRATE_WEBHOOK_ALLOWED_HOSTS: "127.0.0.1",
        ALERT_WEBHOOK_URL: fromEnv.url,
      });
    });
    afterAll(async () => {
      await b?.close();
      await Promise.all([stored?.close(), fromEnv?.close()]);
    });

    const call = (path: string, init: RequestInit & { key?: string } = {}) =>
      fetch(`${b.server.url}${path}`, {
        ...init,
        headers: { authorization: `Bearer ${init.key ?? b.keys.admin}`, "content-type": "application/json", ...init.headers },
      });

    it("an admin sets the destination, sees only a masked hint, and the test message reaches it as Slack blocks", async () => {
      expect(await (await call("/api/v1/alerts/destination")).json()).toMatchObject({ source: "env", env_set: true, can_store: true });

      const url = `${stored.url}/T000/B000/secret-token-XYZ1`;
      const put = await call("/api/v1/alerts/destination", { method: "PUT", body: JSON.stringify({ url }) });
      expect(put.status).toBe(200);
      const view = await put.json();
      expect(view).toEqual({ source: "settings", hint: `${new URL(url).origin}/…XYZ1`, env_set: true, can_store: true, problem: null });
      const read = await (await call("/api/v1/alerts/destination")).text();
      expect(read).not.toContain("secret-token");

      const test = await call("/api/v1/alerts/destination/test", { method: "POST" });
      expect(test.status).toBe(200);
      expect(await test.json()).toEqual({ delivered: true, status: 200, message: "Delivered: the webhook answered HTTP 200." });
      expect(stored.posts).toHaveLength(1);
      expect(fromEnv.posts).toHaveLength(0);
      expect(stored.posts[0]).toMatchObject({
        kind: "test",
        text: expect.stringContaining("Burnrate test message"),
        blocks: [
          { type: "section", text: { type: "mrkdwn" } },
          { type: "actions", elements: [{ type: "button", text: { type: "plain_text", text: "Open in Burnrate" } }] },
        ],
      });
    });

    it("refuses a target the outbound guard refuses, and every caller but an admin", async () => {
      const refused = await call("/api/v1/alerts/destination", {
        method: "PUT",
        body: JSON.stringify({ url: "http://169.254.169.254/latest" }),
      });
      expect(refused.status).toBe(400);
      expect((await refused.json()).error).toMatchObject({
        code: "invalid_webhook_url",
        message: expect.stringContaining("cloud metadata"),
      });

      for (const key of [b.keys.read, b.keys.ingest, b.keys.export]) {
        expect((await call("/api/v1/alerts/destination/test", { method: "POST", key })).status).toBe(403);
      }
      const { cookie } = await signInOverHttp(b.server.url, ROLE_EMAILS.finance, MEMBER_PASSWORD);
      const finance = await fetch(`${b.server.url}/api/v1/alerts/destination`, {
        method: "PUT",
        headers: { cookie, origin: b.server.url, "content-type": "application/json" },
        body: JSON.stringify({ url: "https://hooks.example.com/x" }),
      });
      expect(finance.status).toBe(403);
      expect(stored.posts).toHaveLength(1);
    });

    it("removing the stored URL sends to ALERT_WEBHOOK_URL again; a receiver that fails is reported by its status", async () => {
      const removed = await call("/api/v1/alerts/destination", { method: "DELETE" });
      expect(await removed.json()).toMatchObject({ source: "env", hint: `${new URL(fromEnv.url).origin}/…hook` });
      expect(await (await call("/api/v1/alerts/destination/test", { method: "POST" })).json()).toMatchObject({ delivered: true });
      expect(fromEnv.posts).toHaveLength(1);
      expect(stored.posts).toHaveLength(1);

      const failing = await startWebhookReceiver({ failFirst: 1 });
      try {
        await call("/api/v1/alerts/destination", { method: "PUT", body: JSON.stringify({ url: failing.url }) });
        expect(await (await call("/api/v1/alerts/destination/test", { method: "POST" })).json()).toEqual({
          delivered: false,
          status: 500,
          message: "Not delivered: the webhook answered HTTP 500.",
        });
      } finally {
        await failing.close();
      }
    });
  });
}
