import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { systemContext } from "@/lib/auth/actor";
import { createApiKey } from "@/lib/auth/api-keys";
import { makeEvent } from "@/scripts/test/events";
import { type Backend, callApi, startBackend, testBackends } from "./support/backends";

/**
 * The People API (DESIGN §3.12) against the real server: the directory's contract, alias ownership (409
 * `alias_taken`, one winner of two concurrent links), and resolution at read time through `/api/v1/spend` — linking
 * an alias later re-attributes the history it matches, the team falls back to the person's, and an event sent with a
 * linked API key is that person's.
 */
for (const kind of testBackends()) {
  describe(`people over HTTP [${kind}]`, () => {
    let b: Backend;
    /** An ingest key made before the server starts, whose id a person can claim as an `api_key` alias. */
    const laptop = { id: "", key: "" };
    beforeAll(async () => {
      b = await startBackend(kind, {}, async (db) => {
        Object.assign(laptop, await createApiKey(systemContext(db), { name: "robin's laptop", scopes: ["ingest"] }));
      });
    });
    afterAll(async () => {
      await b?.close();
    });

    const call = (method: string, path: string, key: string | null, body?: unknown) => callApi(b, method, path, key, body);
    const admin = (method: string, path: string, body?: unknown) => call(method, path, b.keys.admin, body);
    const read = async (path: string) => {
      const res = await call("GET", path, b.keys.read);
      expect(res.status, path).toBe(200);
      return res.json();
    };
    const errorOf = async (res: Response) => ({ status: res.status, ...((await res.json()) as { error: object }).error });
    const createPerson = async (body: object): Promise<string> => {
      const res = await admin("POST", "/api/v1/people", body);
      expect(res.status).toBe(201);
      return (await res.json()).id;
    };

    // Events a minute old, so they are inside "the last N days" and today's spend.
    const at = new Date(Date.now() - 60_000);
    const day = at.toISOString().slice(0, 10);
    const range = `from=${new Date(at.getTime() - 2 * 86_400_000).toISOString().slice(0, 10)}&to=${new Date().toISOString().slice(0, 10)}`;
    let n = 0;
    const ingest = async (events: Record<string, unknown>[], key = b.keys.ingest) => {
      const res = await call("POST", "/api/v1/events", key, {
        events: events.map((e) => makeEvent({ id: `people-${kind}-${n++}`, timestamp: at.toISOString(), ...e })),
      });
      expect(await res.json()).toMatchObject({ accepted: events.length });
    };
    const spend = (query: string) => read(`/api/v1/spend?${range}&${query}`);
    const rowsOf = async (query: string) =>
      ((await spend(query)).rows as Record<string, unknown>[]).map(({ person, team, cost_usd, requests }) => ({
        ...(person !== undefined ? { person } : {}),
        ...(team !== undefined ? { team } : {}),
        cost_usd,
        requests,
      }));

    it("POST creates a person with aliases (201 with the id); GET lists and reads them; PATCH changes them", async () => {
      const res = await admin("POST", "/api/v1/people", {
        name: "Dana Okafor",
        email: " Dana@Acme.dev ",
        team: "platform",
        active_from: "2026-01-05",
        aliases: [
          { kind: "github_login", value: "Dana-Okafor" },
          { kind: "openai_api_key_id", value: "key_AbC123" },
        ],
      });
      expect(res.status).toBe(201);
      const created = await res.json();
      expect(Object.keys(created)).toEqual(["id"]);
      expect(created.id).toMatch(/^[0-9a-f-]{36}$/);

      const dana = {
        id: created.id,
        name: "Dana Okafor",
        email: "dana@acme.dev",
        team: "platform",
        active_from: "2026-01-05",
        left_on: null,
        // Caseless kinds are stored lowercased; key ids keep their case.
        aliases: [
          { kind: "github_login", value: "dana-okafor" },
          { kind: "openai_api_key_id", value: "key_AbC123" },
        ],
        created_at: expect.stringMatching(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z$/),
      };
      const listed = (await read("/api/v1/people")).people;
      expect(listed.filter((p: { id: string }) => p.id === created.id)).toEqual([dana]);
      expect(await read(`/api/v1/people/${created.id}`)).toEqual(dana);

      const patched = await admin("PATCH", `/api/v1/people/${created.id}`, { team: "data", name: "Dana O." });
      expect(patched.status).toBe(200);
      expect(await patched.json()).toEqual({ ...dana, team: "data", name: "Dana O." });
      expect(await read(`/api/v1/people/${created.id}`)).toMatchObject({ team: "data", name: "Dana O." });

      // The same primary email twice is a conflict naming who has it.
      expect(await errorOf(await admin("POST", "/api/v1/people", { name: "Dana again", email: "DANA@acme.dev" }))).toMatchObject({
        status: 409,
        code: "conflict",
        message: expect.stringContaining("Dana O."),
      });
    });

    it("DELETE marks the person left (200), keeps their aliases and their history; ?active=true leaves them out", async () => {
      const id = await createPerson({
        name: "Leaving Lou",
        email: "lou@acme.dev",
        team: "mobile",
        aliases: [{ kind: "copilot_login", value: "lou-codes" }],
      });
      await ingest([{ user: "lou-codes", cost_usd: "0.75", team: undefined }]);
      const before = await spend(`person=${id}&group_by=team`);
      expect(before.totals.cost_usd).toBe("0.7500000000");

      const res = await admin("DELETE", `/api/v1/people/${id}`);
      expect(res.status).toBe(200);
      const left = await res.json();
      expect(left).toMatchObject({
        id,
        email: "lou@acme.dev",
        left_on: new Date().toISOString().slice(0, 10),
        aliases: [{ kind: "copilot_login", value: "lou-codes" }],
      });
      // Deleting again changes nothing; the person is still there, and still owns their spend.
      const again = await admin("DELETE", `/api/v1/people/${id}`);
      expect(again.status).toBe(200);
      expect(await again.json()).toEqual(left);
      expect(await read(`/api/v1/people/${id}`)).toEqual(left);
      expect((await read("/api/v1/people")).people.map((p: { id: string }) => p.id)).toContain(id);
      expect((await read("/api/v1/people?active=true")).people.map((p: { id: string }) => p.id)).not.toContain(id);
      expect(await spend(`person=${id}&group_by=team`)).toEqual(before);
      expect((await read("/api/v1/people/unmapped")).identities.map((i: { value: string }) => i.value)).not.toContain("lou-codes");

      const unknown = "00000000-0000-4000-8000-000000000000";
      for (const [method, path, body] of [
        ["DELETE", `/api/v1/people/${unknown}`, undefined],
        ["PATCH", `/api/v1/people/${unknown}`, { team: "x" }],
        ["GET", `/api/v1/people/${unknown}`, undefined],
        ["GET", "/api/v1/people/not-a-uuid", undefined],
        ["POST", `/api/v1/people/${unknown}/aliases`, { kind: "github_login", value: "nobody" }],
      ] as const) {
        expect(await errorOf(await admin(method, path, body)), `${method} ${path}`).toMatchObject({ status: 404, code: "not_found" });
      }
    });

    it("400 validation_failed in the contract's shape: bad email, unknown alias kind, unknown field; invalid JSON; bad query", async () => {
      const bad = await errorOf(
        await admin("POST", "/api/v1/people", {
          name: "Bad",
          email: "not-an-email",
          aliases: [{ kind: "slack", value: "bad" }],
          colour: "red",
        }),
      );
      expect(bad).toMatchObject({ status: 400, code: "validation_failed", message: expect.any(String) });
      const details = (bad as unknown as { details: { path: string; message: string }[] }).details;
      for (const d of details) expect(d).toEqual({ path: expect.any(String), message: expect.any(String) });
      expect(details.map((d) => d.path)).toEqual(expect.arrayContaining(["email", "aliases.0.kind"]));
      expect(details.some((d) => d.message.includes("colour"))).toBe(true);
      // Nothing of a rejected request is stored.
      expect((await read("/api/v1/people")).people.map((p: { name: string }) => p.name)).not.toContain("Bad");

      const id = await createPerson({ name: "Valid Val", email: "val@acme.dev", active_from: "2026-03-01" });
      const cases: [string, string, unknown, string][] = [
        ["POST", `/api/v1/people/${id}/aliases`, { kind: "cursor_email", value: "val-at-acme" }, "value"],
        ["POST", `/api/v1/people/${id}/aliases`, { kind: "Other:Slack", value: "val" }, "kind"],
        ["POST", `/api/v1/people/${id}/aliases`, { kind: "github_login", value: "  " }, "value"],
        ["PATCH", `/api/v1/people/${id}`, { email: "val@" }, "email"],
        ["PATCH", `/api/v1/people/${id}`, { left_on: "2026-02-01" }, "left_on"],
        ["PATCH", `/api/v1/people/${id}`, { active_from: "2026-01-10", left_on: "2026-01-09" }, "left_on"],
        ["PATCH", `/api/v1/people/${id}`, { aliases: [] }, ""],
        ["POST", "/api/v1/people", { name: "", email: "e@acme.dev" }, "name"],
        ["POST", "/api/v1/people", { name: "Dates", email: "d@acme.dev", active_from: "2026-02-30" }, "active_from"],
      ];
      for (const [method, path, body, field] of cases) {
        const err = await errorOf(await admin(method, path, body));
        expect(err, `${method} ${path} ${JSON.stringify(body)}`).toMatchObject({
          status: 400,
          code: "validation_failed",
          details: expect.arrayContaining([expect.objectContaining({ path: field })]),
        });
      }
      expect(await read(`/api/v1/people/${id}`)).toMatchObject({ email: "val@acme.dev", left_on: null, aliases: [] });

      expect(await errorOf(await admin("POST", "/api/v1/people", "{nope"))).toMatchObject({ status: 400, code: "invalid_json" });
      expect(await errorOf(await admin("POST", "/api/v1/people", "x".repeat(70 * 1024)))).toMatchObject({
        status: 413,
        code: "payload_too_large",
      });
      for (const [query, param] of [
        ["active=maybe", "active"],
        ["colour=red", "colour"],
      ]) {
        expect(await errorOf(await call("GET", `/api/v1/people?${query}`, b.keys.read))).toMatchObject({
          status: 400,
          code: "invalid_query",
          details: [expect.objectContaining({ path: param })],
        });
      }
    });

    it("401 without a key, 403 for a key without the scope: a read key reads but cannot write", async () => {
      const id = await createPerson({ name: "Scoped Sam", email: "sam@acme.dev" });
      const body = { name: "Nope", email: "nope@acme.dev" };
      expect(await errorOf(await call("POST", "/api/v1/people", null, body))).toMatchObject({ status: 401, code: "unauthorized" });
      expect(await errorOf(await call("GET", "/api/v1/people", null))).toMatchObject({ status: 401, code: "unauthorized" });
      for (const key of [b.keys.read, b.keys.ingest, b.keys.export]) {
        for (const [method, path, payload] of [
          ["POST", "/api/v1/people", body],
          ["PATCH", `/api/v1/people/${id}`, { team: "hijacked" }],
          ["DELETE", `/api/v1/people/${id}`, undefined],
          ["POST", `/api/v1/people/${id}/aliases`, { kind: "github_login", value: "hijack" }],
        ] as const) {
          expect(await errorOf(await call(method, path, key, payload)), `${method} ${path}`).toMatchObject({
            status: 403,
            code: "forbidden",
          });
        }
      }
      for (const path of ["/api/v1/people", `/api/v1/people/${id}`, "/api/v1/people/unmapped"]) {
        expect(await errorOf(await call("GET", path, b.keys.ingest)), path).toMatchObject({ status: 403, code: "forbidden" });
      }
      expect(await read(`/api/v1/people/${id}`)).toMatchObject({ name: "Scoped Sam", team: null, left_on: null, aliases: [] });
      expect((await read("/api/v1/people")).people.map((p: { email: string }) => p.email)).not.toContain("nope@acme.dev");
    });

    it("an alias another person holds is 409 alias_taken naming the owner; linking one's own alias again is a no-op", async () => {
      const owner = await createPerson({
        name: "Ada Owner",
        email: "ada@acme.dev",
        aliases: [{ kind: "github_login", value: "ada-gh" }],
      });
      const other = await createPerson({ name: "Ben Other", email: "ben@acme.dev" });

      const linked = await admin("POST", `/api/v1/people/${other}/aliases`, { kind: "openai_user_id", value: "user-BEN" });
      expect(linked.status).toBe(201);
      expect(await linked.json()).toEqual({ kind: "openai_user_id", value: "user-ben", person_id: other });

      for (const alias of [
        { kind: "github_login", value: "ADA-GH" },
        // A value an event's user would match that is already the owner's primary email.
        { kind: "cursor_email", value: "Ada@Acme.dev" },
        // The same identity under another user-matching kind would resolve the same events twice.
        { kind: "other:slack", value: "ada-gh" },
      ]) {
        const err = await errorOf(await admin("POST", `/api/v1/people/${other}/aliases`, alias));
        expect(err, JSON.stringify(alias)).toMatchObject({
          status: 409,
          code: "alias_taken",
          message: expect.stringContaining("Ada Owner <ada@acme.dev>"),
          details: [{ path: "value", message: expect.stringContaining(owner) }],
        });
      }
      const again = await admin("POST", `/api/v1/people/${owner}/aliases`, { kind: "github_login", value: "Ada-GH" });
      expect(again.status).toBe(201);
      expect((await read(`/api/v1/people/${owner}`)).aliases).toEqual([{ kind: "github_login", value: "ada-gh" }]);
      expect((await read(`/api/v1/people/${other}`)).aliases).toEqual([{ kind: "openai_user_id", value: "user-ben" }]);
    });

    it("the same alias linked concurrently to two people: exactly one 201 and one 409 naming the winner", async () => {
      const a = await createPerson({ name: "Racer A", email: "racer-a@acme.dev" });
      const c = await createPerson({ name: "Racer C", email: "racer-c@acme.dev" });
      for (let round = 0; round < 5; round++) {
        const alias = { kind: "github_login", value: `racer-${round}` };
        const [ra, rc] = await Promise.all([
          admin("POST", `/api/v1/people/${a}/aliases`, alias),
          admin("POST", `/api/v1/people/${c}/aliases`, alias),
        ]);
        expect([ra.status, rc.status].sort()).toEqual([201, 409]);
        const [won, lost] = ra.status === 201 ? [ra, rc] : [rc, ra];
        const winner = (await won.json()).person_id as string;
        const loser = winner === a ? c : a;
        const err = (await lost.json()).error;
        expect(err.code).toBe("alias_taken");
        expect(err.message).toContain(winner === a ? "Racer A" : "Racer C");
        expect(err.details[0].message).toContain(winner);
        expect((await read(`/api/v1/people/${winner}`)).aliases).toContainEqual(alias);
        expect((await read(`/api/v1/people/${loser}`)).aliases).not.toContainEqual(alias);
      }
    });

    it("linking an alias later re-attributes past spend: group_by=person moves it from null to the person; ?person= by id or email", async () => {
      await ingest([
        { user: "Kai@Contractor.io", cost_usd: "1.25", team: "web" },
        { user: "kai@contractor.io", cost_usd: "0.5000000001", team: "web" },
      ]);
      const id = await createPerson({ name: "Kai Lee", email: "kai@acme.dev", team: "web" });
      const byUser = "group_by=person&user=Kai@Contractor.io&user=kai@contractor.io";
      expect(await rowsOf(byUser)).toEqual([{ person: null, cost_usd: "1.7500000001", requests: 2 }]);
      expect((await spend(`person=${id}`)).totals).toMatchObject({ cost_usd: "0.0000000000", requests: 0 });

      const res = await admin("POST", `/api/v1/people/${id}/aliases`, { kind: "email", value: "KAI@contractor.io" });
      expect(res.status).toBe(201);
      expect(await res.json()).toEqual({ kind: "email", value: "kai@contractor.io", person_id: id });

      expect(await rowsOf(byUser)).toEqual([{ person: "kai@acme.dev", cost_usd: "1.7500000001", requests: 2 }]);
      expect(await rowsOf("group_by=person")).toContainEqual({ person: "kai@acme.dev", cost_usd: "1.7500000001", requests: 2 });
      const byId = await spend(`person=${id}&group_by=person`);
      expect(byId.totals).toMatchObject({ cost_usd: "1.7500000001", requests: 2 });
      expect(byId.rows).toMatchObject([{ person: "kai@acme.dev", cost_usd: "1.7500000001" }]);
      expect(await spend("person=KAI@ACME.DEV&group_by=person")).toEqual(byId);
    });

    it("team falls back to the person's team for an event without one; an event's own team is kept", async () => {
      const id = await createPerson({
        name: "Teo Data",
        email: "teo@acme.dev",
        team: "data",
        aliases: [{ kind: "otel_account_uuid", value: "6F9619FF-8B86-D011-B42D-00C04FC964FF" }],
      });
      await ingest([
        { user: "teo@acme.dev", cost_usd: "2", team: undefined },
        { user: "6f9619ff-8b86-d011-b42d-00c04fc964ff", cost_usd: "0.25", team: undefined },
        { user: "TEO@acme.dev", cost_usd: "3", team: "mobile" },
      ]);
      expect(await rowsOf(`group_by=team&person=${id}`)).toEqual([
        { team: "mobile", cost_usd: "3.0000000000", requests: 1 },
        { team: "data", cost_usd: "2.2500000000", requests: 2 },
      ]);
      // Whole-dataset team grouping counts the untagged events under the person's team too.
      const all = await rowsOf("group_by=team&user=teo@acme.dev&user=6f9619ff-8b86-d011-b42d-00c04fc964ff&user=TEO@acme.dev");
      expect(all).toEqual([
        { team: "mobile", cost_usd: "3.0000000000", requests: 1 },
        { team: "data", cost_usd: "2.2500000000", requests: 2 },
      ]);
    });

    it("an event sent with an API key linked as an `api_key` alias is that person's; the key leaves the unmapped list", async () => {
      await ingest([{ cost_usd: "4.0000000002", team: undefined }], laptop.key);
      const unmapped = async () => (await read("/api/v1/people/unmapped?days=7")).identities as Record<string, unknown>[];
      expect((await unmapped()).filter((i) => i.value === laptop.id)).toEqual([
        {
          kind: "api_key",
          value: laptop.id,
          source: "events",
          first_seen: day,
          last_seen: day,
          requests: 1,
          cost_usd: "4.0000000002",
          label: "robin's laptop",
        },
      ]);

      const id = await createPerson({ name: "Robin Keys", email: "robin@acme.dev", aliases: [{ kind: "api_key", value: laptop.id }] });
      expect((await spend(`person=${id}`)).totals).toMatchObject({ cost_usd: "4.0000000002", requests: 1 });
      expect((await unmapped()).map((i) => i.value)).not.toContain(laptop.id);
      // The event's user wins over the key: someone else's email sent from Robin's key is theirs.
      const other = await createPerson({ name: "Guest Gil", email: "gil@acme.dev" });
      await ingest([{ user: "gil@acme.dev", cost_usd: "1", team: undefined }], laptop.key);
      expect((await spend(`person=${other}`)).totals).toMatchObject({ cost_usd: "1.0000000000", requests: 1 });
      expect((await spend(`person=${id}`)).totals).toMatchObject({ cost_usd: "4.0000000002", requests: 1 });
    });

    it("unmapped lists an unlinked user with its requests and exact cost, and stops once it is linked", async () => {
      await ingest([
        { user: "ghost-writer", cost_usd: "0.1234567891", team: undefined },
        { user: "ghost-writer", cost_usd: "2.5", team: "web" },
      ]);
      const identities = async (query = "") => (await read(`/api/v1/people/unmapped${query}`)).identities as Record<string, unknown>[];
      const ghost = {
        kind: "other:user",
        value: "ghost-writer",
        source: "events",
        first_seen: day,
        last_seen: day,
        requests: 2,
        cost_usd: "2.6234567891",
      };
      expect((await identities()).filter((i) => i.value === "ghost-writer")).toEqual([ghost]);
      expect((await identities("?days=1")).filter((i) => i.value === "ghost-writer")).toEqual([ghost]);
      expect((await identities("?days=366")).filter((i) => i.value === "ghost-writer")).toEqual([ghost]);

      const id = await createPerson({ name: "Gus Ghost", email: "gus@acme.dev" });
      expect((await admin("POST", `/api/v1/people/${id}/aliases`, { kind: ghost.kind, value: ghost.value })).status).toBe(201);
      expect((await identities()).map((i) => i.value)).not.toContain("ghost-writer");
      expect((await spend(`person=${id}`)).totals).toMatchObject({ cost_usd: "2.6234567891", requests: 2 });

      for (const [query, param] of [
        ["days=0", "days"],
        ["days=abc", "days"],
        ["days=367", "days"],
        ["days=1.5", "days"],
        ["colour=red", "colour"],
      ]) {
        expect(await errorOf(await call("GET", `/api/v1/people/unmapped?${query}`, b.keys.read)), query).toMatchObject({
          status: 400,
          code: "invalid_query",
          details: [expect.objectContaining({ path: param })],
        });
      }
    });
  });
}
