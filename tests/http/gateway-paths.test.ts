import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { systemContext } from "@/lib/auth/actor";
import { createApiKey } from "@/lib/auth/api-keys";
import helicone from "@/scripts/test/gateway-fixtures/helicone-2abc.json" with { type: "json" };
import litellm from "@/scripts/test/gateway-fixtures/litellm-1abc.json" with { type: "json" };
import openmeter from "@/scripts/test/gateway-fixtures/openmeter-3abcd.json" with { type: "json" };
import { signInOverHttp } from "@/scripts/test/session";
import { type Backend, callApi, MEMBER_PASSWORD, ROLE_EMAILS, startBackend, testBackends } from "./support/backends";

/**
 * One ingest path per gateway per key, and the same provider call arriving through two gateways flagged
 * (specs/gateway-callbacks.md §6.8); OpenMeter keys read `subject` as their options say (§3.4).
 */
for (const kind of testBackends()) {
  describe(`gateway paths over HTTP [${kind}]`, () => {
    let b: Backend;
    const keys: Record<string, string> = {};
    beforeAll(async () => {
      b = await startBackend(kind, {}, async (db) => {
        const ctx = systemContext(db);
        keys.proxy = (await createApiKey(ctx, { name: "proxy", scopes: ["ingest"] })).key;
        keys.meter = (await createApiKey(ctx, { name: "meter", scopes: ["ingest"], gateway: "openmeter" })).key;
        keys.byUser = (
          await createApiKey(ctx, { name: "by user", scopes: ["ingest"], gateway: "openmeter", gatewayOptions: { subject: "user" } })
        ).key;
      });
    });
    afterAll(async () => {
      await b?.close();
    });
    const cloudEvent = (key: string, event: object) =>
      fetch(`${b.server.url}/api/v1/integrations/openmeter/api/v1/events`, {
        method: "POST",
        headers: { authorization: `Bearer ${key}`, "content-type": "application/cloudevents+json" },
        body: JSON.stringify(event),
      });

    it("a key that sent LiteLLM records is refused on the OpenMeter path (409, nothing stored), and the other way round", async () => {
      const first = await callApi(b, "POST", "/api/v1/integrations/litellm", keys.proxy as string, JSON.stringify(litellm));
      expect(first.status).toBe(200);
      const refused = await cloudEvent(keys.proxy as string, { ...openmeter["3c"], id: "not-stored-1" });
      expect(refused.status).toBe(409);
      expect((await refused.json()).error).toMatchObject({
        code: "conflict",
        message: expect.stringContaining("already sends LiteLLM records"),
      });
      // Created for OpenMeter: LiteLLM's path is refused before anything is read.
      const other = await callApi(b, "POST", "/api/v1/integrations/litellm", keys.meter as string, JSON.stringify(litellm));
      expect(other.status).toBe(409);
      const rows = (await (await callApi(b, "GET", "/api/v1/spend?from=2026-10-21&to=2026-10-21&group_by=model", b.keys.read)).json()).rows;
      expect(rows.reduce((n: number, r: { requests: number }) => n + r.requests, 0)).toBe(3);
    });

    it("the same provider call through LiteLLM and then OpenMeter is stored, flagged, and shown on Settings → Connect → LiteLLM", async () => {
      // LiteLLM's openmeter callback uses the provider response id that generic_api reported for fixture 1a.
      const res = await cloudEvent(keys.meter as string, openmeter["3c"]);
      expect(res.status).toBe(204);
      expect(res.headers.get("x-burnrate-accepted")).toBe("1");
      const { cookie } = await signInOverHttp(b.server.url, ROLE_EMAILS.admin, MEMBER_PASSWORD);
      const page = await (await fetch(`${b.server.url}/settings/connect/litellm`, { headers: { cookie } })).text();
      expect(page).toContain("1 call arrived through two gateways in the last 30 days");
      expect(page).toContain("openmeter:litellm-proxy:chatcmpl-CQ8a1Zt7xW2vQy3uLm0pR4sT");
      expect(page).toContain("litellm:5b0e8d2a-7c41-4f1e-9a3b-2d6c8e1f0a97");
      // Re-sent through the same path: a duplicate, not a second flag.
      expect((await cloudEvent(keys.meter as string, openmeter["3c"])).headers.get("x-burnrate-duplicates")).toBe("1");
      const again = await (await fetch(`${b.server.url}/settings/connect/litellm`, { headers: { cookie } })).text();
      expect(again).toContain("1 call arrived through two gateways");
    });

    it("a key whose subject is the user attributes the subject to user, not customer", async () => {
      const res = await cloudEvent(keys.byUser as string, {
        ...openmeter["3c"],
        id: "chatcmpl-subject-user",
        subject: "dana@acme.example",
      });
      expect(res.status).toBe(204);
      const rows = (
        await (await callApi(b, "GET", "/api/v1/spend?from=2026-10-21&to=2026-10-21&group_by=user,customer", b.keys.read)).json()
      ).rows as Record<string, unknown>[];
      expect(rows).toEqual(expect.arrayContaining([expect.objectContaining({ user: "dana@acme.example", customer: null, requests: 1 })]));
    });
  });
}

/** LiteLLM does not retry and Helicone makes one attempt: an outage must say so (503 + Retry-After), never a 500. */
describe.runIf(testBackends().includes("postgres"))("gateways during a database outage [postgres]", () => {
  let b: Backend;
  beforeAll(async () => {
    b = await startBackend("postgres", { HELICONE_WEBHOOK_SECRET: helicone.key });
  });
  afterAll(async () => {
    await b?.close();
  });

  it("each gateway answers 503 with Retry-After while the database is down, and the re-sent calls are stored once after", async () => {
    const batch = JSON.stringify(litellm);
    const sendAll = () =>
      Promise.all([
        callApi(b, "POST", "/api/v1/integrations/litellm", b.keys.ingest, batch),
        fetch(`${b.server.url}/api/v1/integrations/helicone`, {
          method: "POST",
          headers: { "content-type": "application/json", "helicone-signature": helicone["2a"].signature },
          body: helicone["2a"].body,
        }),
      ]);
    b.proxy?.cut();
    for (const res of await sendAll()) {
      expect(res.status).toBe(503);
      expect(Number(res.headers.get("retry-after"))).toBeGreaterThan(0);
      expect((await res.json()).error.code).toBe("database_unavailable");
    }
    b.proxy?.restore();
    let statuses: number[] = [];
    for (let attempt = 0; attempt < 20; attempt++) {
      const answers = await sendAll();
      statuses = answers.map((r) => r.status);
      if (statuses.every((s) => s === 200)) break;
      await new Promise((r) => setTimeout(r, 250));
    }
    expect(statuses).toEqual([200, 200]);
    const rows = (await (await callApi(b, "GET", "/api/v1/spend?from=2026-10-21&to=2026-10-21&group_by=model", b.keys.read)).json()).rows;
    expect(rows.reduce((n: number, r: { requests: number }) => n + r.requests, 0)).toBe(3);
  });
});
