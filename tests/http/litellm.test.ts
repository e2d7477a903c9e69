import { afterAll, beforeAll, describe, expect, it } from "vitest";
import fixtures from "@/scripts/test/gateway-fixtures/litellm-1abc.json" with { type: "json" };
import { type Backend, callApi, startBackend, testBackends } from "./support/backends";

/** LiteLLM's generic_api callback against the real server, posting as LiteLLM does (specs/gateway-callbacks.md §1.2, §5.1). */
for (const kind of testBackends()) {
  describe(`LiteLLM callback over HTTP [${kind}]`, () => {
    let b: Backend;
    beforeAll(async () => {
      b = await startBackend(kind);
    });
    afterAll(async () => {
      await b?.close();
    });
    const post = (body: string, key: string | null = b.keys.ingest) => callApi(b, "POST", "/api/v1/integrations/litellm", key, body);
    const errorOf = async (res: Response) => ({ status: res.status, ...((await res.json()) as { error: object }).error });

    it("stores the fixture batch (json_array) once, to the cent, whatever LiteLLM re-sends", async () => {
      const res = await post(JSON.stringify(fixtures));
      expect(res.status).toBe(200);
      expect(await res.json()).toEqual({ accepted: 3, duplicates: 0, rejected: [], skipped: 0 });
      // ndjson (sent as application/json, as LiteLLM does): the same calls, so duplicates.
      const again = await post(fixtures.map((f) => JSON.stringify(f)).join("\n"));
      expect(await again.json()).toEqual({ accepted: 0, duplicates: 3, rejected: [], skipped: 0 });
      const spend = await callApi(b, "GET", "/api/v1/spend?from=2026-10-21&to=2026-10-21&group_by=model", b.keys.read);
      const rows = (await spend.json()).rows as Record<string, unknown>[];
      expect(rows).toEqual(
        expect.arrayContaining([
          expect.objectContaining({
            model: "o4-mini",
            cost_usd: "0.0123288000",
            input_tokens: 12480,
            cache_read_tokens: 9856,
          }),
          expect.objectContaining({
            model: "claude-sonnet-4-5-20250929",
            cost_usd: "0.0333366000",
            input_tokens: 22708,
            cache_write_tokens: 3072,
          }),
          expect.objectContaining({ model: "gpt-4.1", cost_usd: "0.0000000000", input_tokens: 0, requests: 1 }),
        ]),
      );
      // Attribution: the key's user and team, the end user as customer.
      const byCustomer = await callApi(b, "GET", "/api/v1/spend?from=2026-10-21&to=2026-10-21&group_by=customer,user", b.keys.read);
      expect((await byCustomer.json()).rows).toEqual(
        expect.arrayContaining([expect.objectContaining({ customer: "cust_4417", user: "svc-support-bot", cost_usd: "0.0123288000" })]),
      );
    });

    it("keeps the good records of a batch and names each bad one by index and field; skips LiteLLM's null records", async () => {
      const [a, , c] = fixtures;
      const batch = [
        null,
        { ...a, litellm_call_id: "partial-1", startTime: "soon" },
        { ...c, litellm_call_id: "partial-2" },
        { ...c, litellm_call_id: "partial-3", model: "" },
      ];
      const res = await post(JSON.stringify(batch));
      expect(res.status).toBe(200);
      expect(await res.json()).toEqual({
        accepted: 1,
        duplicates: 0,
        skipped: 1,
        rejected: [
          { index: 1, errors: [expect.objectContaining({ path: "startTime" })] },
          { index: 3, errors: [expect.objectContaining({ path: "model" })] },
        ],
      });
      // Every record refused: 400 with the same body and the contract's error.
      const none = await post(JSON.stringify([batch[1]]));
      expect(none.status).toBe(400);
      expect(await none.json()).toMatchObject({ accepted: 0, rejected: [{ index: 0 }], error: { code: "validation_failed" } });
    });

    it("refuses the legacy v1 payload (422), a body that is not JSON, an oversized batch (413), and callers without the scope", async () => {
      expect(await errorOf(await post(JSON.stringify([{ id: "x", cost: "0.1", usage: "{'prompt_tokens': 1}" }])))).toMatchObject({
        status: 422,
        code: "unsupported_payload",
      });
      expect(await errorOf(await post("{not json"))).toMatchObject({ status: 400, code: "invalid_json" });
      expect(await errorOf(await post(JSON.stringify(Array.from({ length: 1001 }, () => null))))).toMatchObject({
        status: 413,
        code: "payload_too_large",
      });
      expect((await post(JSON.stringify(fixtures), null)).status).toBe(401);
      expect((await post(JSON.stringify(fixtures), b.keys.read)).status).toBe(403);
    });
  });
}
