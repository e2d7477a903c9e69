import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type Backend, callApi, startBackend, testBackends } from "./support/backends";

/** The price book's API (DESIGN §3.12) against the real server: the catalog, overrides, patterns, bad input. */
for (const kind of testBackends()) {
  describe(`prices over HTTP [${kind}]`, () => {
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
    const FT = {
      provider: "OpenAI",
      model: "ft:gpt-4.1-mini:*",
      effective_from: "2026-11-01",
      input_per_mtok: "0.8",
      output_per_mtok: 3.2,
      note: "fine-tunes: 2× gpt-4.1-mini",
    };

    it("lists the catalog's prices and the overrides; a pattern card prices a fine-tune at ingest; DELETE removes it", async () => {
      const listed = await (await call("GET", "/api/v1/prices?model=gpt-4.1-mini", b.keys.read)).json();
      expect(listed.catalog_version).toMatch(/^@pydantic\/genai-prices \d+\.\d+\.\d+$/);
      expect(listed.catalog_date).toMatch(/^\d{4}-\d{2}-\d{2}$/);
      expect(listed.models).toContainEqual(
        expect.objectContaining({
          provider: "openai",
          model: "gpt-4.1-mini",
          input_per_mtok: 0.4,
          output_per_mtok: 1.6,
          cache_read_per_mtok: 0.1,
        }),
      );
      expect(listed.models.every((m: { model: string }) => m.model.includes("gpt-4.1-mini"))).toBe(true);
      expect(listed.overrides).toEqual([]);
      // Claude Sonnet 4.5's long-context tier is listed with its threshold.
      const sonnet = (await (await call("GET", "/api/v1/prices?provider=anthropic&model=claude-sonnet-4-5", b.keys.read)).json()).models;
      expect(sonnet.find((m: { model: string }) => m.model === "claude-sonnet-4-5")?.tiers).toEqual([
        { from_tokens: 200000, input_per_mtok: 6, output_per_mtok: 22.5, cache_read_per_mtok: 0.6, cache_write_per_mtok: 7.5 },
      ]);

      const res = await admin("POST", "/api/v1/prices", FT);
      expect(res.status).toBe(201);
      const card = await res.json();
      expect(card).toEqual({
        id: expect.stringMatching(/^[0-9a-f-]{36}$/),
        provider: "openai",
        model: "ft:gpt-4.1-mini:*",
        pattern: true,
        effective_from: "2026-11-01",
        input_per_mtok: "0.8000000000",
        output_per_mtok: "3.2000000000",
        cache_read_per_mtok: null,
        cache_write_per_mtok: null,
        as_model: null,
        multiplier: null,
        note: "fine-tunes: 2× gpt-4.1-mini",
        created_by: expect.any(String),
        created_at: expect.any(String),
      });
      expect((await (await call("GET", "/api/v1/prices?model=ft:", b.keys.read)).json()).overrides).toEqual([card]);

      // Events after the card's date are priced by it at ingest; one before it stays unpriced.
      const event = (id: string, timestamp: string) => ({
        id,
        timestamp,
        provider: "openai",
        model: "ft:gpt-4.1-mini:acme:triage-v3:B7x",
        input_tokens: 10_000,
        output_tokens: 1_000,
      });
      const sent = await call("POST", "/api/v1/events", b.keys.ingest, {
        events: [event("ft-1", "2026-11-05T10:00:00Z"), event("ft-0", "2026-10-31T23:59:00Z")],
      });
      expect((await sent.json()).accepted).toBe(2);
      const spend = async (from: string, to: string) =>
        (await (await call("GET", `/api/v1/spend?from=${from}&to=${to}&group_by=cost_source`, b.keys.read)).json()).rows;
      // 10,000 × 0.8 + 1,000 × 3.2 = 11,200 µ$
      expect(await spend("2026-11-01", "2026-11-30")).toEqual([
        expect.objectContaining({ cost_source: "computed", cost_usd: "0.0112000000", requests: 1 }),
      ]);
      expect(await spend("2026-10-01", "2026-10-31")).toEqual([
        expect.objectContaining({ cost_source: "unpriced", cost_usd: "0.0000000000" }),
      ]);

      // A catalog card instead: the base model's catalog price × 2 (gpt-4.1-mini: 0.4 / 1.6), from a later date; and a
      // provider-wide 20 % off the catalog, which the more specific pattern beats.
      const twice = await admin("POST", "/api/v1/prices", {
        provider: "openai",
        model: "ft:gpt-4.1-mini:*",
        effective_from: "2026-11-10",
        as_model: "gpt-4.1-mini",
        multiplier: 2,
      });
      expect(await twice.json()).toMatchObject({ as_model: "gpt-4.1-mini", multiplier: "2.000000", input_per_mtok: null });
      const off = await admin("POST", "/api/v1/prices", {
        provider: "openai",
        model: "*",
        effective_from: "2026-11-10",
        multiplier: "0.8",
      });
      expect(off.status).toBe(201);
      await call("POST", "/api/v1/events", b.keys.ingest, {
        events: [event("ft-2", "2026-11-12T10:00:00Z"), { ...event("mini-1", "2026-11-12T10:00:00Z"), model: "gpt-4.1-mini" }],
      });
      const byModel = (await (await call("GET", "/api/v1/spend?from=2026-11-12&to=2026-11-12&group_by=model", b.keys.read)).json()).rows;
      expect(byModel).toEqual(
        expect.arrayContaining([
          expect.objectContaining({ model: "ft:gpt-4.1-mini:acme:triage-v3:B7x", cost_usd: "0.0112000000" }),
          // 0.8 × (10,000 × 0.4 + 1,000 × 1.6) µ$
          expect.objectContaining({ model: "gpt-4.1-mini", cost_usd: "0.0044800000" }),
        ]),
      );

      expect((await admin("DELETE", `/api/v1/prices/${card.id}`)).status).toBe(204);
      expect((await (await call("GET", "/api/v1/prices?model=ft:", b.keys.read)).json()).overrides).toHaveLength(1);
      expect(await errorOf(await admin("DELETE", `/api/v1/prices/${card.id}`))).toMatchObject({ status: 404, code: "not_found" });
      expect(await errorOf(await admin("DELETE", "/api/v1/prices/not-a-uuid"))).toMatchObject({ status: 404, code: "not_found" });
    });

    it("refuses bad prices in the contract's shape, a second card on one date (409), and writes without the scope", async () => {
      const bad = async (change: Record<string, unknown>) => errorOf(await admin("POST", "/api/v1/prices", { ...FT, ...change }));
      expect(await bad({ input_per_mtok: "-1" })).toMatchObject({
        status: 400,
        code: "validation_failed",
        details: [expect.objectContaining({ path: "input_per_mtok" })],
      });
      expect(await bad({ output_per_mtok: "abc" })).toMatchObject({
        status: 400,
        details: [expect.objectContaining({ path: "output_per_mtok" })],
      });
      expect(await bad({ cache_read_per_mtok: 1e21 })).toMatchObject({ status: 400 });
      expect(await bad({ effective_from: "2030-01-01" })).toMatchObject({
        status: 400,
        details: [{ path: "effective_from", message: "must be at most 366 days from today" }],
      });
      expect(await bad({ effective_from: "2026-02-30" })).toMatchObject({
        status: 400,
        details: [expect.objectContaining({ path: "effective_from" })],
      });
      expect(await bad({ model: " * " })).toMatchObject({ status: 400, details: [expect.objectContaining({ path: "model" })] });
      expect(await bad({ colour: "red" })).toMatchObject({ status: 400, code: "validation_failed" });
      // A catalog card takes a multiplier and no prices; a base model is one model; a factor is positive.
      const catalogCard = { provider: "openai", model: "ft:gpt-4o:*", effective_from: "2026-11-01", as_model: "gpt-4o" };
      expect(await errorOf(await admin("POST", "/api/v1/prices", catalogCard))).toMatchObject({
        status: 400,
        details: expect.arrayContaining([expect.objectContaining({ path: "multiplier" })]),
      });
      expect(await errorOf(await admin("POST", "/api/v1/prices", { ...catalogCard, multiplier: 2, input_per_mtok: 1 }))).toMatchObject({
        status: 400,
        details: [expect.objectContaining({ path: "input_per_mtok" })],
      });
      expect(await errorOf(await admin("POST", "/api/v1/prices", { ...catalogCard, multiplier: 0 }))).toMatchObject({
        status: 400,
        details: [expect.objectContaining({ path: "multiplier" })],
      });
      expect(await errorOf(await admin("POST", "/api/v1/prices", { ...catalogCard, multiplier: 1, as_model: "gpt-*" }))).toMatchObject({
        status: 400,
        details: [expect.objectContaining({ path: "as_model" })],
      });
      const first = await admin("POST", "/api/v1/prices", { ...FT, model: "acme-llm-1", provider: "acme" });
      expect(first.status).toBe(201);
      expect(
        await errorOf(await admin("POST", "/api/v1/prices", { ...FT, model: "ACME-llm-1", provider: "acme", input_per_mtok: 1 })),
      ).toMatchObject({ status: 409, code: "conflict", details: [expect.objectContaining({ path: "effective_from" })] });
      // Two at once for one date: one wins, the other is told why.
      const racing = await Promise.all(
        [1, 2].map((n) => admin("POST", "/api/v1/prices", { ...FT, model: "race-model", provider: "acme", input_per_mtok: n })),
      );
      expect(racing.map((r) => r.status).sort()).toEqual([201, 409]);
      // Another date is another card.
      expect(
        (await admin("POST", "/api/v1/prices", { ...FT, model: "acme-llm-1", provider: "acme", effective_from: "2026-12-01" })).status,
      ).toBe(201);
      expect((await call("POST", "/api/v1/prices", b.keys.read, FT)).status).toBe(403);
      expect((await call("DELETE", `/api/v1/prices/${(await first.json()).id}`, b.keys.read)).status).toBe(403);
      expect((await call("GET", "/api/v1/prices?colour=red", b.keys.read)).status).toBe(400);
    });

    it("previews a reprice, applies it as a job whose progress GET reports, and refuses bad input in the contract's shape", async () => {
      const ft = (id: string, timestamp: string) => ({
        id,
        timestamp,
        provider: "openai",
        model: "ft:gpt-4o-mini:acme:support:Q1",
        input_tokens: 20_000,
        output_tokens: 2_000,
      });
      await call("POST", "/api/v1/events", b.keys.ingest, {
        events: [ft("rp-1", "2026-10-15T09:00:00Z"), ft("rp-2", "2026-11-15T09:00:00Z")],
      });
      const spend = async () =>
        (await (await call("GET", "/api/v1/spend?from=2026-10-15&to=2026-11-15&group_by=model", b.keys.read)).json()).rows.find(
          (r: { model: string }) => r.model === "ft:gpt-4o-mini:acme:support:Q1",
        );
      expect(await spend()).toMatchObject({ cost_usd: "0.0000000000", requests: 2 });
      const card = { provider: "openai", model: "ft:gpt-4o-mini:*", effective_from: "2026-11-01", input_per_mtok: 1, output_per_mtok: 4 };
      expect((await admin("POST", "/api/v1/prices", card)).status).toBe(201);
      expect((await admin("POST", "/api/v1/prices", { ...card, model: "ft:o9-nothing:*" })).status).toBe(201);

      // Only the November event is after the card's date: 20,000 × 1 + 2,000 × 4 = 28,000 µ$.
      const filter = { provider: "openai", model: "ft:gpt-4o-mini:*" };
      const previewed = await admin("POST", "/api/v1/prices/reprice", { dry_run: true, ...filter });
      expect(previewed.status).toBe(200);
      const preview = await previewed.json();
      expect(preview).toMatchObject({
        events: 1,
        cost_before_usd: "0.0000000000",
        cost_after_usd: "0.0280000000",
        rows: [
          {
            provider: "openai",
            model: "ft:gpt-4o-mini:acme:support:Q1",
            month: "2026-11",
            closed: false,
            events: 1,
            cost_before_usd: "0.0000000000",
            cost_after_usd: "0.0280000000",
            unpriced_before: 1,
            unpriced_after: 0,
          },
        ],
      });
      // A card that matches no stored model is allowed; the preview names it.
      expect(preview.unmatched_overrides).toContainEqual(expect.objectContaining({ provider: "openai", model: "ft:o9-nothing:*" }));
      // Finance reads prices but does not reprice; a read key neither.
      expect((await call("POST", "/api/v1/prices/reprice", b.keys.read, { dry_run: true })).status).toBe(403);

      const applied = await admin("POST", "/api/v1/prices/reprice", { dry_run: false, ...filter });
      expect(applied.status).toBe(202);
      const { job } = await applied.json();
      expect(job).toEqual({ id: expect.stringMatching(/^[0-9a-f-]{36}$/), state: "queued" });
      let state: { state: string; events_done: number; events_total: number } = { state: "queued", events_done: 0, events_total: 0 };
      for (let i = 0; i < 100 && !["done", "failed"].includes(state.state); i++) {
        await new Promise((r) => setTimeout(r, 100));
        state = await (await call("GET", `/api/v1/prices/reprice/${job.id}`, b.keys.read)).json();
      }
      expect(state).toMatchObject({ id: job.id, state: "done", events_done: 2, events_total: 2 });
      expect(state).not.toHaveProperty("error");
      expect(await spend()).toMatchObject({ cost_usd: "0.0280000000", requests: 2 });
      expect((await (await admin("POST", "/api/v1/prices/reprice", { dry_run: true, ...filter })).json()).events).toBe(0);

      expect(await errorOf(await admin("POST", "/api/v1/prices/reprice", {}))).toMatchObject({
        status: 400,
        code: "validation_failed",
        details: [expect.objectContaining({ path: "dry_run" })],
      });
      expect(await errorOf(await admin("POST", "/api/v1/prices/reprice", { dry_run: true, model: " " }))).toMatchObject({
        status: 400,
        details: [expect.objectContaining({ path: "model" })],
      });
      expect(await errorOf(await admin("POST", "/api/v1/prices/reprice", { dry_run: true, since: "2026-01-01" }))).toMatchObject({
        status: 400,
      });
      expect(await errorOf(await call("GET", "/api/v1/prices/reprice/not-a-job", b.keys.read))).toMatchObject({
        status: 404,
        code: "not_found",
      });
    });
  });
}
