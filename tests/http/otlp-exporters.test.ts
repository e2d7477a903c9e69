import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type Backend, startBackend, testBackends } from "./support/backends";
import {
  type ApiRequest,
  claudeCodeLogs,
  claudeCodeMetrics,
  type ExporterOptions,
  ExportResultCode,
  exportOnce,
  genAiSpans,
  logExporter,
  metricExporter,
  type Protocol,
  traceExporter,
} from "./support/otel";

const day = (offset: number) => new Date(Date.now() + offset * 86_400_000).toISOString().slice(0, 10);
const RANGE = `from=${day(-1)}&to=${day(0)}`;

/** Two api_request events: the spec's (§4b) and a small Haiku call. */
function calls(): ApiRequest[] {
  const at = Date.now() - 60_000;
  return [
    {
      at,
      sequence: 7,
      model: "claude-sonnet-4-5-20250929",
      cost: 0.0421365,
      input: 412,
      output: 958,
      cacheRead: 48210,
      cacheCreation: 3150,
    },
    { at: at + 5000, sequence: 9, model: "claude-haiku-4-5", cost: 0.0012, input: 100, output: 50, cacheRead: 0, cacheCreation: 0 },
  ];
}
/** Their totals in our token convention (input includes cache reads and writes). */
const TOTALS = {
  requests: 2,
  input_tokens: 412 + 48210 + 3150 + 100,
  output_tokens: 1008,
  cache_read_tokens: 48210,
  cache_write_tokens: 3150,
  cost_usd: "0.0433365000",
  list_cost_usd: "0.0433365000",
};

for (const kind of testBackends()) {
  describe(`OTLP ingest with the official OpenTelemetry exporters [${kind}]`, () => {
    let b: Backend;
    beforeAll(async () => {
      b = await startBackend(kind);
    });
    afterAll(async () => {
      await b?.close();
    });

    const options = (protocol: Protocol, gzip = false): ExporterOptions => ({ baseUrl: b.server.url, key: b.keys.ingest, protocol, gzip });
    const spend = async (query: string) => {
      const res = await fetch(`${b.server.url}/api/v1/spend?${RANGE}&${query}`, { headers: { authorization: `Bearer ${b.keys.read}` } });
      const body = await res.json();
      expect({ status: res.status, body }).toMatchObject({ status: 200 });
      return body;
    };

    it.each([
      ["http/json", false],
      ["http/protobuf", false],
      ["http/json", true],
      ["http/protobuf", true],
    ] as const)(
      "Claude Code over %s (gzip %s): api_request events become usage, retries and metrics add nothing",
      async (protocol, gzip) => {
        const team = `cc-${protocol.slice(5)}-${gzip ? "gz" : "plain"}`;
        const resource = {
          "burnrate.team": team,
          "burnrate.repo": "acme/api",
          "burnrate.branch": "feat/otlp",
          "burnrate.workflow": "codegen",
        };
        const records = claudeCodeLogs(resource, `sess-${team}`, "dana@acme.example", calls());
        expect(records).toHaveLength(5); // a prompt, two api_requests, two tool results
        const logs = logExporter(options(protocol, gzip));
        expect(await exportOnce(logs, records)).toEqual({ code: ExportResultCode.SUCCESS });

        const first = await spend(`team=${team}&session=sess-${team}&group_by=user,repo,workflow`);
        expect(first.totals).toMatchObject(TOTALS);
        expect(first.rows).toEqual([
          expect.objectContaining({
            user: "dana@acme.example",
            repo: "acme/api",
            workflow: "codegen",
            requests: 2,
          }),
        ]);
        const byModel = await spend(`team=${team}&group_by=model,agent,surface`);
        expect(byModel.rows.map((r: Record<string, unknown>) => [r.model, r.agent, r.surface, r.cost_usd])).toEqual([
          ["claude-sonnet-4-5-20250929", "claude-code", "api", "0.0421365000"],
          ["claude-haiku-4-5", "claude-code", "api", "0.0012000000"],
        ]);

        // The exporter retries the same batch (a lost response): the same records, the same ids, nothing added.
        expect((await exportOnce(logs, records)).code).toBe(ExportResultCode.SUCCESS);
        // Claude Code's cost and token counters for the same calls are accepted and not counted on top.
        const metrics = metricExporter(options(protocol, gzip));
        expect((await exportOnce(metrics, await claudeCodeMetrics(resource, `sess-${team}`, calls()))).code).toBe(ExportResultCode.SUCCESS);
        expect((await spend(`team=${team}`)).totals).toMatchObject(TOTALS);
        await Promise.all([logs.shutdown(), metrics.shutdown()]);
      },
    );

    it("Claude Code on a subscription, marked surface=plan: no metered cost, its estimate is the list cost", async () => {
      const resource = { "burnrate.team": "cc-plan", "burnrate.surface": "plan", "burnrate.plan": "claude-max" };
      const logs = logExporter(options("http/protobuf"));
      expect((await exportOnce(logs, claudeCodeLogs(resource, "sess-plan", "lee@acme.example", calls()))).code).toBe(
        ExportResultCode.SUCCESS,
      );
      const body = await spend("team=cc-plan&group_by=surface,plan");
      expect(body.totals).toMatchObject({ requests: 2, cost_usd: "0.0000000000", list_cost_usd: TOTALS.list_cost_usd });
      expect(body.rows).toEqual([expect.objectContaining({ surface: "plan", plan: "claude-max" })]);
      await logs.shutdown();
    });

    it.each(["http/json", "http/protobuf"] as const)(
      "GenAI spans over %s: each model-call span is one priced event, once",
      async (protocol) => {
        const feature = `genai-${protocol.slice(5)}`;
        const at = Date.now() - 60_000;
        const spans = genAiSpans(
          { "service.name": "support-bot", "burnrate.feature": feature, "burnrate.customer": "globex" },
          `conv-${feature}`,
          [
            { at, model: "gpt-4.1", provider: "openai", input: 2000, output: 300, cacheRead: 1500 },
            { at: at + 2000, model: "gpt-4.1", provider: "openai", input: 500, output: 20, error: true },
          ],
        );
        expect(spans).toHaveLength(4); // the agent span, two chat spans, an HTTP span
        const traces = traceExporter(options(protocol, true));
        expect((await exportOnce(traces, spans)).code).toBe(ExportResultCode.SUCCESS);
        expect((await exportOnce(traces, spans)).code).toBe(ExportResultCode.SUCCESS);
        const body = await spend(`feature=${feature}&session=conv-${feature}&group_by=customer,model,trace`);
        expect(body.totals).toMatchObject({ requests: 2, input_tokens: 2500, output_tokens: 320, cache_read_tokens: 1500 });
        // gpt-4.1 at $2 / $0.50 cached / $8 per million: (500·2 + 1500·0.5 + 300·8 + 500·2 + 20·8) / 10⁶.
        expect(body.totals.cost_usd).toBe("0.0053100000");
        expect(body.rows).toEqual([
          expect.objectContaining({
            customer: "globex",
            model: "gpt-4.1",
            trace: spans[0]?.spanContext().traceId,
            requests: 2,
          }),
        ]);
        await traces.shutdown();
      },
    );
  });
}

describe.runIf(testBackends().includes("postgres"))("OTLP exporters ride out a database outage [postgres]", () => {
  let b: Backend;
  beforeAll(async () => {
    b = await startBackend("postgres");
  });
  afterAll(async () => {
    await b?.close();
  });

  it("answers 503 with Retry-After, which the exporter honours and retries until the database is back", async () => {
    const logs = logExporter({ baseUrl: b.server.url, key: b.keys.ingest, protocol: "http/json" });
    b.proxy!.cut();
    const pending = exportOnce(logs, claudeCodeLogs({ "burnrate.team": "outage" }, "sess-outage", "kim@acme.example", calls()));
    await new Promise((r) => setTimeout(r, 800));
    b.proxy!.restore();
    expect(await pending).toEqual({ code: ExportResultCode.SUCCESS });
    const res = await fetch(`${b.server.url}/api/v1/spend?${RANGE}&team=outage`, { headers: { authorization: `Bearer ${b.keys.read}` } });
    expect((await res.json()).totals).toMatchObject(TOTALS);
    await logs.shutdown();
  });
});
