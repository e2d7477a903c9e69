import { CloudEvent, HTTP } from "cloudevents";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import fixtures from "@/scripts/test/gateway-fixtures/openmeter-3abcd.json" with { type: "json" };
import { type Backend, callApi, startBackend, testBackends } from "./support/backends";

/** OpenMeter-style CloudEvents against the real server, sent as OpenMeter clients send them (specs/gateway-callbacks.md §3, §5.3). */
for (const kind of testBackends()) {
  describe(`OpenMeter ingest over HTTP [${kind}]`, () => {
    let b: Backend;
    beforeAll(async () => {
      b = await startBackend(kind);
    });
    afterAll(async () => {
      await b?.close();
    });
    const send = (body: unknown, contentType: string, path = "/api/v1/integrations/openmeter", key: string | null = b.keys.ingest) =>
      fetch(`${b.server.url}${path}`, {
        method: "POST",
        headers: { "content-type": contentType, ...(key ? { authorization: `Bearer ${key}` } : {}) },
        body: typeof body === "string" ? body : JSON.stringify(body),
      });
    const spend = async (query: string) => (await (await callApi(b, "GET", `/api/v1/spend?${query}`, b.keys.read)).json()).rows;

    it("stores a batch of token-type events as one priced row, a LiteLLM callback event with its cost; re-sent, nothing doubles", async () => {
      const batch = await send(fixtures["3a"], "application/cloudevents-batch+json");
      expect(batch.status).toBe(204);
      expect(batch.headers.get("x-burnrate-accepted")).toBe("1");
      // The client's base URL + /api/v1/events, as OpenMeter's SDKs and LiteLLM's callback build it.
      const single = await send(fixtures["3c"], "application/cloudevents+json", "/api/v1/integrations/openmeter/api/v1/events");
      expect(single.status).toBe(204);
      const json = await send(fixtures["3b"], "application/json; charset=utf-8");
      expect(json.status).toBe(204);
      const again = await send(fixtures["3a"], "application/cloudevents-batch+json");
      expect(again.headers.get("x-burnrate-duplicates")).toBe("1");

      expect(await spend("from=2026-10-21&to=2026-10-21&group_by=model")).toEqual(
        expect.arrayContaining([
          // 2,104 × 0.4 + 6,144 × 0.1 + 310 × 1.6 µ$ at the catalog's prices.
          expect.objectContaining({ model: "gpt-4.1-mini-2025-04-14", requests: 1, input_tokens: 8248, cost_usd: "0.0019520000" }),
          expect.objectContaining({ model: "o4-mini", requests: 1, cost_usd: "0.0123288000" }),
          expect.objectContaining({ model: "claude-opus-4-1-20250805", input_tokens: 26208, cache_write_tokens: 1536 }),
        ]),
      );
      expect(await spend("from=2026-10-21&to=2026-10-21&group_by=customer")).toEqual(
        expect.arrayContaining([expect.objectContaining({ customer: "cust_0093", requests: 1 })]),
      );
    });

    it("takes an event as the CloudEvents SDK writes it (structured mode, charset parameter, its own time)", async () => {
      const event = new CloudEvent({
        specversion: "1.0",
        id: "sdk-call-1",
        source: "sdk-app",
        type: "litellm_tokens",
        subject: "cust_sdk",
        data: { model: "claude-haiku-4-5", prompt_tokens: 1000, completion_tokens: 100, cost: "0.0015" },
      });
      const message = HTTP.structured(event);
      const res = await fetch(`${b.server.url}/api/v1/integrations/openmeter/api/v1/events`, {
        method: "POST",
        headers: { ...(message.headers as Record<string, string>), authorization: `Bearer ${b.keys.ingest}` },
        body: message.body as string,
      });
      expect(res.status).toBe(204);
      const day = String(event.time).slice(0, 10);
      expect(await spend(`from=${day}&to=${day}&group_by=customer,model&customer=cust_sdk`)).toEqual([
        expect.objectContaining({ customer: "cust_sdk", model: "claude-haiku-4-5", input_tokens: 1000, cost_usd: "0.0015000000" }),
      ]);
    });

    it("refuses a batch with one bad event whole (400 naming it, nothing stored), other content types, and callers without the scope", async () => {
      const res = await send(fixtures["3d"], "application/cloudevents-batch+json");
      expect(res.status).toBe(400);
      expect((await res.json()).error).toMatchObject({
        code: "validation_failed",
        details: [expect.objectContaining({ path: "[1].id" })],
      });
      expect(await spend("from=2026-10-01&to=2026-12-31&group_by=customer&customer=cust_1")).toEqual([]);
      expect((await send(fixtures["3c"], "text/plain")).status).toBe(400);
      expect((await send("[{", "application/json")).status).toBe(400);
      expect((await send([], "application/cloudevents-batch+json")).status).toBe(400);
      expect((await send(fixtures["3c"], "application/cloudevents+json", undefined, null)).status).toBe(401);
      expect((await send(fixtures["3c"], "application/cloudevents+json", undefined, b.keys.read)).status).toBe(403);
    });
  });
}
