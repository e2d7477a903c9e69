import { afterAll, beforeAll, describe, expect, it } from "vitest";
import fixtures from "@/scripts/test/gateway-fixtures/helicone-2abc.json" with { type: "json" };
import { type Backend, callApi, startBackend, testBackends } from "./support/backends";

/** Helicone's webhook against the real server: the spec's signed bodies byte for byte (specs/gateway-callbacks.md §2.3, §5.2). */
for (const kind of testBackends()) {
  describe(`Helicone webhook over HTTP [${kind}]`, () => {
    let b: Backend;
    beforeAll(async () => {
      b = await startBackend(kind, { HELICONE_WEBHOOK_SECRET: fixtures.key });
    });
    afterAll(async () => {
      await b?.close();
    });
    const deliver = (body: string, signature: string | null) =>
      fetch(`${b.server.url}/api/v1/integrations/helicone`, {
        method: "POST",
        headers: { "content-type": "application/json", ...(signature ? { "helicone-signature": signature } : {}) },
        body,
      });

    it("stores each signed delivery once: tokens from the response body, Helicone's cost, errors as errors", async () => {
      for (const f of [fixtures["2a"], fixtures["2b"], fixtures["2c"]]) {
        const res = await deliver(f.body, f.signature);
        expect(res.status).toBe(200);
        expect(await res.json()).toEqual({ accepted: 1, duplicates: 0, rejected: [] });
      }
      // Helicone re-sends when a client reuses a request id: a duplicate.
      expect(await (await deliver(fixtures["2b"].body, fixtures["2b"].signature)).json()).toMatchObject({ accepted: 0, duplicates: 1 });
      // Placed 30 s and its latency before receipt: yesterday's too, around midnight UTC.
      const today = new Date().toISOString().slice(0, 10);
      const yesterday = new Date(Date.now() - 86_400_000).toISOString().slice(0, 10);
      const rows = (await (await callApi(b, "GET", `/api/v1/spend?from=${yesterday}&to=${today}&group_by=model`, b.keys.read)).json()).rows;
      expect(rows).toEqual(
        expect.arrayContaining([
          expect.objectContaining({ model: "o4-mini-2025-04-16", input_tokens: 5310, cache_read_tokens: 4096, cost_usd: "0.0066946000" }),
          expect.objectContaining({ model: "claude-haiku-4-5-20251001", input_tokens: 11676, cost_usd: "0.0058336000" }),
          expect.objectContaining({ model: "gpt-4.1", requests: 1, cost_usd: "0.0000000000" }),
        ]),
      );
    });

    it("refuses a tampered body, a missing or malformed signature (401), and stores nothing", async () => {
      const tampered = fixtures["2b"].body.replace('"cost":0.0058336', '"cost":0.0058337');
      expect(tampered).not.toBe(fixtures["2b"].body);
      const res = await deliver(tampered, fixtures["2b"].signature);
      expect(res.status).toBe(401);
      expect((await res.json()).error.code).toBe("unauthorized");
      expect((await deliver(fixtures["2a"].body, null)).status).toBe(401);
      expect((await deliver(fixtures["2a"].body, "sha256=abc")).status).toBe(401);
    });
  });
}
