import { describe, expect, it } from "vitest";
import { parseEvent } from "@/lib/ingest/schemas";
import { CLAUDE_CODE_LOGS_JSON, SPEC_API_REQUEST } from "@/scripts/test/otlp-fixtures";
import { claudeCodeUsage } from "./claude-code";
import { logViews } from "./log-records";
import { ExportLogsRequest } from "./schemas";

const NOW = new Date("2026-08-21T00:00:00Z");
const fixture = () => ExportLogsRequest.parse(JSON.parse(CLAUDE_CODE_LOGS_JSON));

function withResource(extra: Record<string, string>) {
  const request = fixture();
  const resource = request.resourceLogs?.[0]?.resource;
  for (const [key, value] of Object.entries(extra)) resource?.attributes?.push({ key, value: { stringValue: value } });
  return request;
}

describe("Claude Code api_request → usage event", () => {
  it("maps the spec's record: tokens in our convention, reported cost, duration, session, user, organisation", () => {
    const views = logViews(fixture());
    expect(views).toHaveLength(2);
    const usage = views.map(claudeCodeUsage);
    expect(usage[1]).toBeNull(); // user_prompt is not usage
    const parsed = parseEvent(usage[0]?.event, NOW);
    expect(parsed.ok).toBe(true);
    if (!parsed.ok) return;
    expect(parsed.event).toMatchObject({
      ...SPEC_API_REQUEST,
      provider: "anthropic",
      timestamp: "2026-08-20T14:02:37.512Z",
      agent: "claude-code",
      surface: "api",
      environment: "production",
      team: "platform", // the spec's `team.id` resource attribute
      tags: { "organization.id": "4f6c2a1e-7b3d-4c9a-8e21-5d0f9a3b7c11", "terminal.type": "vscode", "service.version": "2.1.40" },
    });
    expect(parsed.event.id).toMatch(/^otlp:log:[A-Za-z0-9_-]{43}$/);
  });

  it("gives the same record the same id on every export, and different records different ids", () => {
    const a = logViews(fixture());
    const b = logViews(fixture());
    expect(a.map((v) => v.id)).toEqual(b.map((v) => v.id));
    expect(a[0]?.id).not.toBe(a[1]?.id);
    const other = fixture();
    const seq = other.resourceLogs?.[0]?.scopeLogs?.[0]?.logRecords?.[0]?.attributes?.find((kv) => kv.key === "event.sequence");
    if (seq?.value) seq.value.intValue = "8";
    expect(logViews(other)[0]?.id).not.toBe(a[0]?.id);
  });

  it("reads burnrate.* attribution from the resource, and a plan marks the surface", () => {
    const request = withResource({
      "burnrate.team": "growth",
      "burnrate.repo": "acme/api",
      "burnrate.branch": "feat/x",
      "burnrate.pr": "412",
      "burnrate.workflow": "codegen",
      "burnrate.plan": "claude-max",
      "burnrate.environment": "dev",
      "burnrate.customer": "acme",
      "burnrate.billable": "false",
    });
    const event = claudeCodeUsage(logViews(request)[0] as never)?.event;
    const parsed = parseEvent(event, NOW);
    expect(parsed).toMatchObject({
      ok: true,
      event: {
        team: "growth",
        repo: "acme/api",
        branch: "feat/x",
        pr: 412,
        workflow: "codegen",
        surface: "plan",
        plan: "claude-max",
        environment: "dev",
        customer: "acme",
        billable: false,
      },
    });
  });

  it("a record attribute beats the resource; a bad value is rejected by name, not dropped", () => {
    const request = withResource({ "burnrate.team": "growth", "burnrate.pr": "not-a-number", "burnrate.repo": "acme/api" });
    request.resourceLogs?.[0]?.scopeLogs?.[0]?.logRecords?.[0]?.attributes?.push({ key: "burnrate.team", value: { stringValue: "infra" } });
    const parsed = parseEvent(claudeCodeUsage(logViews(request)[0] as never)?.event, NOW);
    expect(parsed.ok).toBe(false);
    if (parsed.ok) return;
    expect(parsed.errors.map((e) => e.path)).toEqual(["pr"]);
    const event = claudeCodeUsage(logViews(request)[0] as never)?.event;
    expect(event?.team).toBe("infra");
  });

  it("matches the short event name only for Claude Code's service or scope, and the full name anywhere", () => {
    const request = fixture();
    const rl = request.resourceLogs?.[0];
    if (!rl?.resource?.attributes) throw new Error("fixture");
    rl.resource.attributes = rl.resource.attributes.filter((kv) => kv.key !== "service.name");
    const record = rl.scopeLogs?.[0]?.logRecords?.[0];
    if (!record) throw new Error("fixture");
    record.body = null;
    const scope = rl.scopeLogs?.[0]?.scope;
    if (scope) scope.name = "some.other.app";
    expect(claudeCodeUsage(logViews(request)[0] as never)).toBeNull();
    if (scope) scope.name = "com.anthropic.claude_code.events";
    expect(claudeCodeUsage(logViews(request)[0] as never)).not.toBeNull();
    if (scope) scope.name = "x";
    record.eventName = "claude_code.api_request";
    expect(claudeCodeUsage(logViews(request)[0] as never)).not.toBeNull();
  });

  it("falls back from email to the account id for the user, and from the record time to event.timestamp", () => {
    const request = fixture();
    const record = request.resourceLogs?.[0]?.scopeLogs?.[0]?.logRecords?.[0];
    if (!record?.attributes) throw new Error("fixture");
    record.attributes = record.attributes.filter((kv) => kv.key !== "user.email");
    record.attributes.push({ key: "user.account_uuid", value: { stringValue: "acct-1" } });
    record.timeUnixNano = "0";
    record.observedTimeUnixNano = null;
    const event = claudeCodeUsage(logViews(request)[0] as never)?.event;
    expect(event).toMatchObject({ user: "acct-1", timestamp: "2026-08-20T14:02:37.512Z" });
  });
});
