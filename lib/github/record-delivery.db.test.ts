import { sql } from "drizzle-orm";
import { expect, it } from "vitest";
import { openDb, queryRows } from "@/db";
import { systemContext } from "@/lib/auth/actor";
import { AppError } from "@/lib/errors";
import { describeEachDatabase } from "@/scripts/test/databases";
import { MERGED_PR_BODY, MERGED_PR_DELIVERY, PING_BODY, prDelivery } from "@/scripts/test/github-fixtures";
import { recordGithubDelivery } from "./record-delivery";

const OPEN = { state: "open", merged: false, merged_at: null, closed_at: null };
const CLOSED_UNMERGED = { state: "closed", merged: false, merged_at: null, closed_at: "2026-08-20T16:40:04Z" };

describeEachDatabase("GitHub deliveries", (t) => {
  const ctx = () => systemContext(t.handle.db, "github");
  let n = 0;
  const send = (body: string, opts: { event?: string; id?: string; contentType?: string } = {}) =>
    recordGithubDelivery(ctx(), {
      id: opts.id ?? `delivery-${++n}`,
      event: opts.event ?? "pull_request",
      body,
      contentType: opts.contentType ?? "application/json",
    });
  const stored = async () =>
    queryRows<Record<string, unknown>>(
      t.handle.db,
      sql`select repo, number, title, author, state, head_ref, head_sha,
            to_char(closed_at at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS"Z"') as closed_at,
            to_char(merged_at at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS"Z"') as merged_at
          from pull_requests order by repo, number`,
    );
  const deliveries = async () =>
    Number((await queryRows<{ n: number }>(t.handle.db, sql`select count(*)::int as n from github_deliveries`))[0]?.n);

  it("stores the spec's merged PR; a redelivery (same GUID) changes nothing", async () => {
    expect(await send(MERGED_PR_BODY, { id: MERGED_PR_DELIVERY })).toEqual({
      status: "stored",
      repo: "acme/widgets",
      number: 42,
      state: "merged",
      applied: true,
    });
    const first = await stored();
    expect(first).toEqual([
      {
        repo: "acme/widgets",
        number: 42,
        title: "Add spend alerts",
        author: "dana-dev",
        state: "merged",
        head_ref: "feat/spend-alerts",
        head_sha: "1a2b3c4d5e6f708192a3b4c5d6e7f8091a2b3c4d",
        closed_at: "2026-08-20T16:40:04Z",
        merged_at: "2026-08-20T16:40:04Z",
      },
    ]);
    // A redelivery carrying other content (it cannot, but prove the GUID alone decides) is a no-op.
    const redelivered = prDelivery("closed", { ...CLOSED_UNMERGED, updated_at: "2026-09-01T00:00:00Z" });
    expect(await send(redelivered, { id: MERGED_PR_DELIVERY })).toEqual({ status: "duplicate" });
    expect(await stored()).toEqual(first);
    expect(await deliveries()).toBe(1);
  });

  it("out of order: a close before its open, and an open replayed late, end closed; a newer edit or reopen applies", async () => {
    const closed = prDelivery("closed", { ...CLOSED_UNMERGED, updated_at: "2026-08-20T16:40:05Z" });
    const opened = prDelivery("opened", { ...OPEN, title: "WIP", updated_at: "2026-08-18T09:12:44Z" });
    expect(await send(closed)).toMatchObject({ state: "closed", applied: true });
    expect(await send(opened)).toMatchObject({ state: "open", applied: false });
    expect(await stored()).toMatchObject([{ state: "closed", title: "Add spend alerts", merged_at: null }]);

    // Edited after it was closed: the snapshot is newer and still says closed; the title follows.
    await send(prDelivery("edited", { ...CLOSED_UNMERGED, title: "Add spend alerts (abandoned)", updated_at: "2026-08-21T10:00:00Z" }));
    expect(await stored()).toMatchObject([{ state: "closed", title: "Add spend alerts (abandoned)" }]);

    // Reopened, pushed to, then merged.
    await send(prDelivery("reopened", { ...OPEN, updated_at: "2026-08-22T10:00:00Z" }));
    expect(await stored()).toMatchObject([{ state: "open", closed_at: null }]);
    await send(
      prDelivery("synchronize", { ...OPEN, head: { ref: "feat/spend-alerts", sha: "b".repeat(40) }, updated_at: "2026-08-22T11:00:00Z" }),
    );
    expect(await stored()).toMatchObject([{ state: "open", head_sha: "b".repeat(40) }]);
    await send(
      prDelivery("closed", {
        state: "closed",
        merged: true,
        merged_at: "2026-08-23T09:00:00Z",
        closed_at: "2026-08-23T09:00:00Z",
        updated_at: "2026-08-23T09:00:01Z",
      }),
    );
    expect(await stored()).toMatchObject([{ state: "merged", merged_at: "2026-08-23T09:00:00Z" }]);
    expect(await deliveries()).toBe(6);
  });

  it("reads form-encoded deliveries; answers ping; acknowledges other events without storing", async () => {
    const form = new URLSearchParams({ payload: MERGED_PR_BODY }).toString();
    expect(await send(form, { contentType: "application/x-www-form-urlencoded" })).toMatchObject({ state: "merged", number: 42 });
    expect(await send(PING_BODY, { event: "ping" })).toEqual({ status: "pong", zen: "Keep it logically awesome." });
    expect(await send("{}", { event: "push" })).toEqual({ status: "ignored", reason: "event push is not used" });
    expect(await deliveries()).toBe(1);
  });

  it("a delivery without the fields we need is a validation error and stores nothing", async () => {
    const body = JSON.stringify({ action: "opened", number: 1, pull_request: { number: 1 }, repository: { full_name: "acme/widgets" } });
    const err = await send(body).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(AppError);
    expect((err as AppError).code).toBe("validation_failed");
    expect((err as AppError).details).toEqual(expect.arrayContaining([expect.objectContaining({ path: "pull_request.title" })]));
    await expect(send("not json")).rejects.toMatchObject({ code: "invalid_json" });
    await expect(send("payload=", { contentType: "application/x-www-form-urlencoded" })).rejects.toMatchObject({ code: "invalid_json" });
    expect(await deliveries()).toBe(0);
    expect(await stored()).toEqual([]);
  });

  it("the same delivery sent at once over separate connections is stored once", async ({ skip }) => {
    if (t.kind !== "postgres" || !t.url) skip();
    const handles = await Promise.all([0, 1, 2, 3].map(() => openDb({ url: t.url, poolMax: 1 })));
    try {
      const results = await Promise.all(
        handles.map((h) =>
          recordGithubDelivery(systemContext(h.db), { id: "same-guid", event: "pull_request", body: MERGED_PR_BODY, contentType: null }),
        ),
      );
      expect(results.filter((r) => r.status === "stored")).toHaveLength(1);
      expect(results.filter((r) => r.status === "duplicate")).toHaveLength(3);
    } finally {
      await Promise.all(handles.map((h) => h.close()));
    }
    expect(await deliveries()).toBe(1);
  });
});
