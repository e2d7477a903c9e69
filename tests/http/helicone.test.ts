import postgres from "postgres";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { systemContext } from "@/lib/auth/actor";
import { saveHeliconeSettings } from "@/lib/gateways/helicone-settings";
import { startFakeHelicone } from "@/scripts/test/fake-helicone";
import type { FakeServer } from "@/scripts/test/fake-providers/server";
import fixtures from "@/scripts/test/gateway-fixtures/helicone-2abc.json" with { type: "json" };
import { type Backend, callApi, startBackend, testBackends } from "./support/backends";

// Settings seals Helicone's secrets with it; read once by lib/env.ts in this process (the seed) and passed to the server.
const SECRET = "a-test-secret-of-at-least-32-characters!";
vi.stubEnv("BURNRATE_SECRET", SECRET);

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

/** The secret stored in Settings (no environment variable), and each delivery completed from Helicone's REST API. */
for (const kind of testBackends()) {
  describe(`Helicone from Settings, enriched from its API [${kind}]`, () => {
    let b: Backend;
    let helicone: FakeServer;
    const API_KEY = "sk-helicone-test-0123456789";
    beforeAll(async () => {
      helicone = await startFakeHelicone(
        {
          "6f1d2c9e-8a4b-4c3d-9e2f-1a7b5c8d0e41": {
            request_created_at: "2026-10-21T14:03:29.512Z",
            response_status: 200,
            request_properties: { Squad: "support", Customer: "cust_4417", "Helicone-Session-Id": "sess-77", Ticket: "4411" },
          },
          "0c9e7a5b-3d1f-4b2a-8e6c-4f2d0b9a7c53": { request_created_at: "2026-10-21T15:00:00Z", response_status: 429 },
        },
        API_KEY,
      );
      b = await startBackend(kind, { BURNRATE_SECRET: SECRET, HELICONE_API_URL: helicone.url }, async (db) => {
        await saveHeliconeSettings(systemContext(db), {
          webhook_secret: fixtures.key,
          api_key: API_KEY,
          properties: "Squad = team\nCustomer = customer\nHelicone-Session-Id = session",
        });
      });
    });
    afterAll(async () => {
      await b?.close();
      await helicone?.close();
    });
    const deliver = (body: string, signature: string) =>
      fetch(`${b.server.url}/api/v1/integrations/helicone`, {
        method: "POST",
        headers: { "content-type": "application/json", "helicone-signature": signature },
        body,
      });
    const spend = async (from: string, to: string, groupBy: string) =>
      (await (await callApi(b, "GET", `/api/v1/spend?from=${from}&to=${to}&group_by=${groupBy}`, b.keys.read)).json()).rows as Record<
        string,
        unknown
      >[];

    it("checks the stored secret, places the call at Helicone's own time and attributes it from the mapped properties", async () => {
      const res = await deliver(fixtures["2a"].body, fixtures["2a"].signature);
      expect(res.status).toBe(200);
      expect(await res.json()).toEqual({ accepted: 1, duplicates: 0, rejected: [] });
      expect(helicone.requests).toContain("/v1/request/6f1d2c9e-8a4b-4c3d-9e2f-1a7b5c8d0e41");
      expect(await spend("2026-10-21", "2026-10-21", "team")).toEqual([
        expect.objectContaining({ team: "support", requests: 1, cost_usd: "0.0066946000" }),
      ]);
      expect(await spend("2026-10-21", "2026-10-21", "customer")).toEqual([expect.objectContaining({ customer: "cust_4417" })]);
      // A tampered body is still refused with the stored secret.
      expect((await deliver(fixtures["2a"].body.replace("u_8841", "u_8842"), fixtures["2a"].signature)).status).toBe(401);
    });

    it("an HTTP error status from the API marks the call failed; an API that is down loses nothing", async () => {
      expect((await deliver(fixtures["2c"].body, fixtures["2c"].signature)).status).toBe(200);
      const oct21 = await spend("2026-10-21", "2026-10-21", "model");
      expect(oct21).toEqual(expect.arrayContaining([expect.objectContaining({ model: "gpt-4.1", requests: 1 })]));
      // Helicone's API is down for 2b: stored as the webhook described it, at receipt − 30 s − latency, the reason tagged.
      helicone.faults.push({ status: 503 });
      expect((await deliver(fixtures["2b"].body, fixtures["2b"].signature)).status).toBe(200);
      const today = new Date().toISOString().slice(0, 10);
      const yesterday = new Date(Date.now() - 86_400_000).toISOString().slice(0, 10);
      expect(await spend(yesterday, today, "model")).toEqual([
        expect.objectContaining({ model: "claude-haiku-4-5-20251001", input_tokens: 11676, cost_usd: "0.0058336000" }),
      ]);
      if (!b.dbUrl) return; // PGlite: one process per data directory, and the server holds it
      const sql = postgres(b.dbUrl, { max: 1, onnotice: () => {} });
      try {
        const rows = await sql`select id, status, session, tags from events order by id`;
        expect(rows.map((r) => [r.id, r.status, r.session, r.tags.enrichment ?? r.tags.enriched, r.tags.http_status ?? null])).toEqual([
          ["helicone:0c9e7a5b-3d1f-4b2a-8e6c-4f2d0b9a7c53", "error", null, "helicone", "429"],
          ["helicone:6f1d2c9e-8a4b-4c3d-9e2f-1a7b5c8d0e41", "ok", "sess-77", "helicone", null],
          ["helicone:a2c4e6f8-1b3d-4f5a-8c7e-9d0b2a4c6e81", "ok", null, "http_503", null],
        ]);
      } finally {
        await sql.end();
      }
    });
  });
}
