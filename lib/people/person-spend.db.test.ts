import Big from "big.js";
import { sql } from "drizzle-orm";
import { expect, it } from "vitest";
import { type Ctx, systemContext } from "@/lib/auth/actor";
import { recordGithubDelivery } from "@/lib/github/record-delivery";
import { ingestEvents } from "@/lib/ingest/ingest-events";
import { ingestOtlpLogs } from "@/lib/otlp/ingest-otlp";
import { ExportLogsRequest } from "@/lib/otlp/schemas";
import { describeEachDatabase } from "@/scripts/test/databases";
import { makeEvent } from "@/scripts/test/events";
import { MERGED_PR_BODY } from "@/scripts/test/github-fixtures";
import { CLAUDE_CODE_LOGS_JSON, SPEC_API_REQUEST } from "@/scripts/test/otlp-fixtures";
import { addAlias, createPerson } from "./manage-people";
import { getPeopleSpend, listPersonPullRequests } from "./person-spend";

const NOW = new Date("2026-08-28T12:00:00Z");
const AUGUST = { from: "2026-08-01", to: "2026-08-31" };
const ACCOUNT = "9a8b7c6d-5e4f-4a3b-8c2d-1e0f9a8b7c6d";

/** The spec's Claude Code api_request export, its user known only by account id (no user.email). */
function claudeCodeExportWithAccountOnly(): ExportLogsRequest {
  const body = JSON.parse(CLAUDE_CODE_LOGS_JSON);
  const record = body.resourceLogs[0].scopeLogs[0].logRecords[0];
  record.attributes = [
    ...record.attributes.filter((a: { key: string }) => a.key !== "user.email"),
    { key: "user.account_uuid", value: { stringValue: ACCOUNT } },
  ];
  return ExportLogsRequest.parse(body);
}

describeEachDatabase("people across every source", (t) => {
  const ctx = (): Ctx => systemContext(t.handle.db);

  it("aliases of five kinds resolve one person across events, OpenTelemetry, provider bills and PRs; linking later moves them", async () => {
    // The REST API with her email, Claude Code over OTLP with only an account id, her Cursor account's email.
    const r = await ingestEvents(
      ctx(),
      [
        makeEvent({ timestamp: "2026-08-10T09:00:00Z", user: "dana@acme.dev", agent: "codex", cost_usd: "1.25" }),
        makeEvent({
          timestamp: "2026-08-11T09:00:00Z",
          user: "dana.cursor@gmail.com",
          agent: "cursor",
          provider: "cursor",
          cost_usd: "0.5",
        }),
      ],
      NOW,
    );
    expect(r.rejected).toEqual([]);
    expect((await ingestOtlpLogs(ctx(), claudeCodeExportWithAccountOnly(), NOW)).rejected).toBe(0);
    // The providers' bills for her OpenAI and Anthropic keys.
    await t.handle.db.execute(sql`insert into provider_costs (provider, day, line_item, project, api_key, model, cost_usd) values
      ('openai', '2026-08-12', 'gpt-5, input', 'proj_1', 'key_dana', 'gpt-5', 3.3),
      ('anthropic', '2026-08-12', 'claude-sonnet-4-5, output', '', 'apikey_01dana', 'claude-sonnet-4-5', 0.7),
      ('openai', '2026-08-12', 'gpt-5, input', 'proj_1', 'key_other', 'gpt-5', 100)`);
    // A pull request she authored (specs/github-webhooks.md's fixture: acme/widgets#42 by dana-dev, merged 20 August).
    await recordGithubDelivery(ctx(), { id: "d-1", event: "pull_request", contentType: null, body: MERGED_PR_BODY });

    const { id } = await createPerson(ctx(), { name: "Dana", email: "dana@acme.dev", team: "data" });
    const dana = async () => (await getPeopleSpend(ctx(), AUGUST)).find((p) => p.person?.id === id);
    expect((await dana())?.cost_usd).toBe("1.2500000000"); // only the email match so far
    expect((await dana())?.provider_reported_usd).toBe("0.0000000000");

    for (const alias of [
      { kind: "otel_account_uuid", value: ACCOUNT.toUpperCase() },
      { kind: "cursor_email", value: "Dana.Cursor@gmail.com" },
      { kind: "openai_api_key_id", value: "key_dana" },
      { kind: "anthropic_api_key", value: "apikey_01dana" },
      { kind: "github_login", value: "Dana-Dev" },
    ])
      await addAlias(ctx(), id, alias);

    const row = await dana();
    const claudeCode = new Big(SPEC_API_REQUEST.cost_usd);
    expect(row?.tools.map((x) => [x.tool, x.cost_usd])).toEqual([
      ["codex", "1.2500000000"],
      ["cursor", "0.5000000000"],
      ["claude-code", claudeCode.toFixed(10)],
    ]);
    // The person's total is exactly the sum of what each tool reported.
    expect(row?.cost_usd).toBe(claudeCode.plus("1.75").toFixed(10));
    expect(row?.tools.reduce((s, x) => s.plus(x.cost_usd), new Big(0)).toFixed(10)).toBe(row?.cost_usd);
    expect(row?.provider_reported_usd).toBe("4.0000000000");
    expect(row?.merged_prs).toBe(1);
    expect((await listPersonPullRequests(ctx(), id, AUGUST)).map((p) => [p.repo, p.number, p.state])).toEqual([
      ["acme/widgets", 42, "merged"],
    ]);
    // Nothing of hers is left without a person; the other key's bill is no one's.
    const none = (await getPeopleSpend(ctx(), AUGUST)).find((p) => p.person === null);
    expect(none).toBeUndefined();
  });
});
