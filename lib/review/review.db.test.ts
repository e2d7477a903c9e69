import { expect, it } from "vitest";
import { foldAggregates } from "@/lib/aggregates/fold";
import { type Ctx, systemContext } from "@/lib/auth/actor";
import { ingestEvents } from "@/lib/ingest/ingest-events";
import { createPerson } from "@/lib/people/manage-people";
import { describeEachDatabase } from "@/scripts/test/databases";
import { makeEvent } from "@/scripts/test/events";
import { markReviewItem } from "./mark-item";
import { getReview, lastWeek, listReviewHistory } from "./queries";

const NOW = new Date("2026-11-22T12:00:00Z");
const WEEK = "2026-W44"; // Monday 26 October – Sunday 1 November 2026
const as = (db: Ctx["db"], role: "admin" | "finance" | "member"): Ctx => ({
  db,
  actor: { kind: "user", userId: `u-${role}`, email: `${role}@example.com`, name: null, role },
});
const at = (day: string, minute: number) => new Date(Date.parse(`${day}T09:00:00Z`) + minute * 60_000).toISOString();

function constructedWeek(): Record<string, unknown>[] {
  const events: Record<string, unknown>[] = [];
  // Chat: 20 ordinary calls at $0.01, and one at $0.50 with a huge context and a long output.
  for (let i = 0; i < 20; i++)
    events.push(
      makeEvent({
        id: `chat-${i}`,
        timestamp: at("2026-10-27", i),
        model: "gpt-4.1",
        feature: "chat",
        input_tokens: 2000,
        cost_usd: "0.01",
      }),
    );
  events.push(
    makeEvent({
      id: "big-1",
      timestamp: at("2026-10-28", 0),
      model: "gpt-4.1",
      feature: "chat",
      input_tokens: 150_000,
      output_tokens: 9_000,
      cost_usd: "0.5",
      session: "s-big",
    }),
  );
  // Extract: the same prompt eight times, 20k tokens each, never cached.
  for (let i = 0; i < 8; i++)
    events.push(
      makeEvent({
        id: `extract-${i}`,
        timestamp: at("2026-10-29", i * 30),
        model: "gpt-4.1",
        feature: "extract",
        prompt_version: "v2",
        input_tokens: 20_000 + i * 10,
        cost_usd: "0.3",
      }),
    );
  // A looping agent session: 12 near-identical calls, 4 of them failed.
  for (let i = 0; i < 12; i++)
    events.push(
      makeEvent({
        id: `loop-${String(i).padStart(2, "0")}`,
        timestamp: at("2026-10-30", i),
        provider: "anthropic",
        model: "claude-sonnet-4-5",
        input_tokens: 30_000 + i * 20,
        cost_usd: "0.2",
        session: "s-loop",
        status: i % 3 === 0 ? "error" : "ok",
        // Mostly Ada's (by an address the directory knows), a few retries under a bot account.
        user: i < 9 ? "Ada@Acme.test" : "ci-bot",
        repo: "acme/api",
      }),
    );
  // Six ordinary sessions at $0.05.
  for (let i = 0; i < 6; i++)
    events.push(makeEvent({ id: `s-${i}`, timestamp: at("2026-10-31", i), cost_usd: "0.05", session: `s-small-${i}` }));
  // Outside the week: ignored.
  events.push(makeEvent({ id: "next-week", timestamp: "2026-11-02T00:00:00Z", cost_usd: "10" }));
  return events;
}

describeEachDatabase("weekly review", (t) => {
  it("ranks the week's requests and sessions by cost and says why each stands out", async () => {
    expect((await ingestEvents(systemContext(t.handle.db), constructedWeek(), NOW)).accepted).toBe(48);
    await foldAggregates(t.handle.db);
    await createPerson(as(t.handle.db, "admin"), { name: "Ada Lovelace", email: "ada@acme.test" });
    const review = await getReview(as(t.handle.db, "member"), WEEK);
    expect(review.week).toBe(WEEK);
    const head = review.items.slice(0, 3).map((i) => [i.kind, i.id, i.list_cost_usd]);
    expect(head).toEqual([
      ["session", "s-loop", "2.4000000000"],
      ["request", "big-1", "0.5000000000"],
      ["session", "s-big", "0.5000000000"],
    ]);
    const requests = review.items.filter((i) => i.kind === "request");
    // Ten requests: big-1, the eight extract calls, then the first of the loop's calls (ties break on id).
    expect(requests.map((i) => i.id)).toEqual(["big-1", ...Array.from({ length: 8 }, (_, i) => `extract-${i}`), "loop-00"]);
    expect(review.items.filter((i) => i.kind === "session")).toHaveLength(8);

    const byId = (id: string) => review.items.find((i) => i.id === id);
    expect(byId("big-1")?.reasons).toEqual([
      "50× the median cost of gpt-4.1 calls for chat this week ($0.0100)",
      "huge context: 150,000 input tokens",
      "long output: 9,000 tokens",
    ]);
    expect(byId("extract-3")?.reasons).toEqual([
      "no cache use on a repeated prompt: 7 similar calls this week, this one read nothing from cache",
    ]);
    expect(byId("loop-00")?.reasons).toEqual([
      "no cache use on a repeated prompt: 11 similar calls this week, this one read nothing from cache",
      "loop: 12 near-identical calls in its session",
      "the call failed",
      "retry storm: 4 failed calls in its session",
    ]);
    // Sessions: the loop against the median session ($0.05 among the 8 sessions).
    expect(byId("s-loop")).toMatchObject({ model: "claude-sonnet-4-5", session: "s-loop", status: "open", tags: [], note: null });
    // Who and where: the session's most frequent user, named by the people directory (added after the fold), and repo.
    expect(byId("s-loop")).toMatchObject({ user: "Ada@Acme.test", person: "Ada Lovelace", repo: "acme/api" });
    expect(byId("loop-11")).toBeUndefined();
    expect(byId("loop-00")).toMatchObject({ user: "Ada@Acme.test", person: "Ada Lovelace", repo: "acme/api" });
    expect(byId("big-1")).toMatchObject({ user: null, person: null, repo: null });
    expect(byId("s-loop")?.reasons).toEqual([
      "48× the median session this week ($0.0500)",
      "loop: 12 near-identical calls",
      "retry storm: 4 failed calls",
      "no cache use: 12 calls of 8,000+ input tokens read nothing from cache",
    ]);
    // A quiet ordinary session has no reason invented for it.
    expect(byId("s-small-0")?.reasons).toEqual([]);
    expect(review.items.some((i) => i.id === "next-week")).toBe(false);
  });

  it("keeps teammates' marks per week and item; any role may mark, an API key may not", async () => {
    await ingestEvents(systemContext(t.handle.db), constructedWeek(), NOW);
    const member = as(t.handle.db, "member");
    await markReviewItem(member, {
      week: WEEK,
      kind: "request",
      id: "big-1",
      status: "acknowledged",
      tags: ["huge_context", "verbose_output", "huge_context"],
      note: "  Trim the retrieved documents.  ",
      owner: "ana@example.com",
    });
    await markReviewItem(as(t.handle.db, "finance"), {
      week: WEEK,
      kind: "session",
      id: "s-loop",
      status: "fixed",
      tags: ["loop"],
      note: "",
      owner: "",
    });
    await foldAggregates(t.handle.db);
    let review = await getReview(member, WEEK);
    expect(review.items.find((i) => i.id === "big-1")).toMatchObject({
      status: "acknowledged",
      tags: ["huge_context", "verbose_output"],
      note: "Trim the retrieved documents.",
      owner: "ana@example.com",
      marked_by: "member@example.com",
    });
    expect(review.items.find((i) => i.id === "s-loop")).toMatchObject({ status: "fixed", note: null, owner: null });
    // The latest save wins.
    await markReviewItem(member, { week: WEEK, kind: "request", id: "big-1", status: "accepted", tags: [], note: "", owner: "" });
    await foldAggregates(t.handle.db);
    review = await getReview(member, WEEK);
    expect(review.items.find((i) => i.id === "big-1")).toMatchObject({ status: "accepted", tags: [] });
    // The same item id in another week is another item.
    await foldAggregates(t.handle.db);
    expect((await getReview(member, "2026-W45")).items.find((i) => i.id === "big-1")).toBeUndefined();

    await expect(
      markReviewItem(
        { db: t.handle.db, actor: { kind: "api_key", keyId: "k", name: "reader", scopes: ["read"] } },
        {
          week: WEEK,
          kind: "request",
          id: "big-1",
          status: "fixed",
          tags: [],
          note: "",
          owner: "",
        },
      ),
    ).rejects.toMatchObject({ code: "forbidden" });
    await expect(
      markReviewItem(member, { week: WEEK, kind: "request", id: "big-1", status: "done", tags: ["typo"], note: "", owner: "" }),
    ).rejects.toMatchObject({
      issues: [expect.objectContaining({ path: ["status"] }), expect.objectContaining({ path: ["tags", 0] })],
    });

    await foldAggregates(t.handle.db);
    const history = await listReviewHistory(member, "2026-W46");
    expect(history).toEqual([{ week: WEEK, reviewed: 2, fixed: 1 }]);
    expect(lastWeek(NOW)).toBe("2026-W46");
  });
});
