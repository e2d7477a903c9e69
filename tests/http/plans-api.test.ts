import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type Backend, callApi, startBackend, testBackends } from "./support/backends";

/** The Plans API (DESIGN §3.12) against the real server: the contract's fields, Settings → Plans' rules, seat holders. */
for (const kind of testBackends()) {
  describe(`plans over HTTP [${kind}]`, () => {
    let b: Backend;
    beforeAll(async () => {
      b = await startBackend(kind);
    });
    afterAll(async () => {
      await b?.close();
    });

    const call = (method: string, path: string, key: string | null, body?: unknown) => callApi(b, method, path, key, body);
    const admin = (method: string, path: string, body?: unknown) => call(method, path, b.keys.admin, body);
    const errorOf = async (res: Response) => ({ status: res.status, ...((await res.json()) as { error: object }).error });
    const TEAM = {
      name: "Claude Team",
      vendor: "Anthropic",
      tool: "Claude Code",
      seats: 3,
      fee_per_seat_usd: "150",
      starts_on: "2026-11-01",
    };

    it("POST creates a plan (201 with it); GET lists and reads it; PATCH changes the fields given; DELETE removes it (204)", async () => {
      for (const [name, email] of [
        ["Maya", "maya@acme.dev"],
        ["Li", "li@acme.dev"],
      ])
        expect((await admin("POST", "/api/v1/people", { name, email })).status).toBe(201);
      const res = await admin("POST", "/api/v1/plans", { ...TEAM, seat_holders: ["Maya@acme.dev"] });
      expect(res.status).toBe(201);
      const plan = await res.json();
      expect(plan).toEqual({
        id: expect.stringMatching(/^[0-9a-f-]{36}$/),
        name: "Claude Team",
        vendor: "anthropic",
        tool: "Claude Code",
        seats: 3,
        fee_per_seat_usd: "150.0000000000",
        starts_on: "2026-11-01",
        ends_on: null,
        included_requests_per_seat: null,
        seat_holders: ["maya@acme.dev"],
        monthly_fee_usd: "450.0000000000",
      });
      expect((await (await call("GET", "/api/v1/plans", b.keys.read)).json()).plans).toEqual([plan]);
      expect(await (await call("GET", `/api/v1/plans/${plan.id}`, b.keys.read)).json()).toEqual(plan);
      // Its fee is in the spend API's plan fees: 3 × $150 for November.
      const spend = await (await call("GET", "/api/v1/spend?from=2026-11-01&to=2026-11-30", b.keys.read)).json();
      expect(spend.totals.plan_fees_usd).toBe("450.0000000000");

      const patched = await admin("PATCH", `/api/v1/plans/${plan.id}`, {
        seats: 2,
        ends_on: "2026-11-15",
        seat_holders: ["maya@acme.dev", "li@acme.dev"],
      });
      expect(patched.status).toBe(200);
      expect(await patched.json()).toEqual({
        ...plan,
        seats: 2,
        ends_on: "2026-11-15",
        seat_holders: ["li@acme.dev", "maya@acme.dev"],
        monthly_fee_usd: "300.0000000000",
      });
      // Omitted fields keep their values, seat holders included.
      expect(await (await admin("PATCH", `/api/v1/plans/${plan.id}`, { tool: "Claude Code (premium)" })).json()).toMatchObject({
        seats: 2,
        ends_on: "2026-11-15",
        seat_holders: ["li@acme.dev", "maya@acme.dev"],
      });

      expect((await admin("DELETE", `/api/v1/plans/${plan.id}`)).status).toBe(204);
      expect(await errorOf(await call("GET", `/api/v1/plans/${plan.id}`, b.keys.read))).toMatchObject({ status: 404, code: "not_found" });
      expect(await errorOf(await admin("DELETE", `/api/v1/plans/${plan.id}`))).toMatchObject({ status: 404, code: "not_found" });
    });

    it("refuses bad plans in the contract's shape and field names, a second plan of one name, and writes without the scope", async () => {
      expect(
        await errorOf(await admin("POST", "/api/v1/plans", { ...TEAM, starts_on: "2026-02-30", fee_per_seat_usd: "1.5 dollars" })),
      ).toMatchObject({
        status: 400,
        code: "validation_failed",
        details: expect.arrayContaining([
          expect.objectContaining({ path: "starts_on" }),
          expect.objectContaining({ path: "fee_per_seat_usd" }),
        ]),
      });
      expect(await errorOf(await admin("POST", "/api/v1/plans", { ...TEAM, ends_on: "2026-10-01" }))).toMatchObject({
        status: 400,
        details: [expect.objectContaining({ path: "ends_on" })],
      });
      expect(await errorOf(await admin("POST", "/api/v1/plans", { ...TEAM, start_date: "2026-11-01" }))).toMatchObject({
        status: 400,
        code: "validation_failed",
      });
      expect(
        await errorOf(await admin("POST", "/api/v1/plans", { ...TEAM, seats: 1, seat_holders: ["a@acme.dev", "b@acme.dev"] })),
      ).toMatchObject({
        status: 400,
        details: [{ path: "seat_holders", message: "More holders than seats" }],
      });
      expect(await errorOf(await admin("POST", "/api/v1/plans", { ...TEAM, seat_holders: ["nobody@acme.dev"] }))).toMatchObject({
        status: 400,
        details: [{ path: "seat_holders", message: "No person has the email nobody@acme.dev" }],
      });
      expect((await call("GET", "/api/v1/plans", b.keys.read)).status).toBe(200);
      expect((await (await call("GET", "/api/v1/plans", b.keys.read)).json()).plans).toEqual([]); // nothing half-written

      const { id } = await (await admin("POST", "/api/v1/plans", TEAM)).json();
      expect(await errorOf(await admin("POST", "/api/v1/plans", TEAM))).toMatchObject({ status: 409, code: "conflict" });
      for (const key of [b.keys.read, b.keys.ingest, b.keys.export]) {
        expect((await call("POST", "/api/v1/plans", key, { ...TEAM, name: "Other" })).status).toBe(403);
        expect((await call("PATCH", `/api/v1/plans/${id}`, key, { seats: 9 })).status).toBe(403);
        expect((await call("DELETE", `/api/v1/plans/${id}`, key)).status).toBe(403);
      }
      expect((await call("GET", "/api/v1/plans", null)).status).toBe(401);
      expect(await errorOf(await call("GET", "/api/v1/plans?x=1", b.keys.read))).toMatchObject({ status: 400, code: "invalid_query" });
      expect((await (await call("GET", `/api/v1/plans/${id}`, b.keys.read)).json()).seats).toBe(3);
    });
  });
}
