import http from "node:http";
import { gzipSync } from "node:zlib";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { protoType } from "@/lib/otlp/proto";
import { CLAUDE_CODE_LOGS_JSON, CLAUDE_CODE_METRICS_JSON, SPEC_API_REQUEST } from "@/scripts/test/otlp-fixtures";
import { type Backend, startBackend, testBackends } from "./support/backends";

const LOGS = "/api/v1/otlp/v1/logs";
const MAX_EXPORTS = 4;

/** The spec's logs export (§4b) with the api_request moved to `at`, with its own session and team. */
function specLogs(at: Date, session: string, team: string): Record<string, unknown> {
  const body = JSON.parse(CLAUDE_CODE_LOGS_JSON);
  const rl = body.resourceLogs[0];
  rl.resource.attributes.push({ key: "burnrate.team", value: { stringValue: team } });
  for (const record of rl.scopeLogs[0].logRecords) {
    record.timeUnixNano = `${BigInt(at.getTime()) * 1_000_000n}`;
    delete record.observedTimeUnixNano;
    for (const kv of record.attributes) {
      if (kv.key === "session.id") kv.value = { stringValue: session };
      if (kv.key === "event.timestamp") kv.value = { stringValue: at.toISOString() };
    }
  }
  return body;
}

const protobuf = (message: "ExportLogsServiceRequest" | "ExportLogsServiceResponse" | "Status", value: object) => {
  const type = protoType(message);
  return Buffer.from(type.encode(type.fromObject(value)).finish());
};
const decode = (message: "ExportLogsServiceResponse" | "Status", bytes: ArrayBuffer) => {
  const type = protoType(message);
  return type.toObject(type.decode(new Uint8Array(bytes)), { longs: Number });
};

for (const kind of testBackends()) {
  describe(`OTLP/HTTP status codes and response shapes [${kind}]`, () => {
    let b: Backend;
    beforeAll(async () => {
      b = await startBackend(kind, { BURNRATE_OTLP_MAX_CONCURRENT_EXPORTS: String(MAX_EXPORTS) });
    });
    afterAll(async () => {
      await b?.close();
    });

    const post = (path: string, body: string | Buffer, headers: Record<string, string> = {}, key: string | null = b.keys.ingest) =>
      fetch(`${b.server.url}${path}`, {
        method: "POST",
        headers: { "content-type": "application/json", ...(key ? { authorization: `Bearer ${key}` } : {}), ...headers },
        body: typeof body === "string" ? body : new Uint8Array(body),
      });
    const spendTotals = async (query: string) => {
      const res = await fetch(`${b.server.url}/api/v1/spend?${query}`, { headers: { authorization: `Bearer ${b.keys.read}` } });
      return (await res.json()).totals;
    };

    it("stores the spec's Claude Code export as sent (mixed encodings), once, whichever encoding repeats it", async () => {
      const json = await post(LOGS, CLAUDE_CODE_LOGS_JSON);
      expect(json.status).toBe(200);
      expect(json.headers.get("content-type")).toMatch(/^application\/json/);
      expect(await json.json()).toEqual({});
      // The same records again, now as protobuf with gzip: the same ids, so nothing is added.
      const again = await post(LOGS, gzipSync(protobuf("ExportLogsServiceRequest", JSON.parse(CLAUDE_CODE_LOGS_JSON))), {
        "content-type": "application/x-protobuf",
        "content-encoding": "gzip",
      });
      expect(again.status).toBe(200);
      expect(again.headers.get("content-type")).toBe("application/x-protobuf");
      expect(decode("ExportLogsServiceResponse", await again.arrayBuffer())).toEqual({});
      // The metrics export of the same session is accepted and adds nothing.
      const metrics = await post("/api/v1/otlp/v1/metrics", CLAUDE_CODE_METRICS_JSON);
      expect(metrics.status).toBe(200);
      expect(await metrics.json()).toEqual({});
      const { cost_usd, input_tokens, output_tokens, cache_read_tokens, cache_write_tokens } = SPEC_API_REQUEST;
      expect(await spendTotals("from=2026-08-20&to=2026-08-20&team=platform")).toMatchObject({
        requests: 1,
        input_tokens,
        output_tokens,
        cache_read_tokens,
        cache_write_tokens,
        cost_usd,
      });
    });

    it("answers a partly invalid export with 200 partialSuccess, and a wholly invalid one with 400", async () => {
      const good = specLogs(new Date(Date.now() - 60_000), "sess-partial", "partial");
      const future = specLogs(new Date(Date.now() + 3_600_000), "sess-future", "partial");
      const records = (body: Record<string, unknown>) =>
        (body as { resourceLogs: { scopeLogs: { logRecords: unknown[] }[] }[] }).resourceLogs[0]?.scopeLogs[0]?.logRecords ?? [];
      records(good).push(records(future)[0]); // 3 records: api_request, user_prompt, a future api_request
      const res = await post(LOGS, JSON.stringify(good));
      expect(res.status).toBe(200);
      const body = await res.json();
      expect(body.partialSuccess.rejectedLogRecords).toBe(1);
      expect(body.partialSuccess.errorMessage).toMatch(/1 of 3 records rejected.*sess-future.*timestamp/);

      const proto = await post(LOGS, protobuf("ExportLogsServiceRequest", good), { "content-type": "application/x-protobuf" });
      expect(proto.status).toBe(200);
      expect(decode("ExportLogsServiceResponse", await proto.arrayBuffer())).toMatchObject({ partialSuccess: { rejectedLogRecords: 1 } });
      expect(await spendTotals("team=partial")).toMatchObject({ requests: 1 });

      records(future).splice(1); // only the future api_request
      const allBad = await post(LOGS, JSON.stringify(future));
      expect(allBad.status).toBe(400);
      expect(await allBad.json()).toMatchObject({
        code: 3,
        message: expect.stringMatching(/timestamp/),
        error: { code: "validation_failed" },
      });
    });

    it.each([
      ["not JSON", "{nope", "application/json"],
      ["a JSON array", "[1]", "application/json"],
      [
        "a wrong shape",
        '{"resourceLogs":[{"scopeLogs":[{"logRecords":[{"attributes":[{"key":"model","value":{"intValue":"x"}}]}]}]}]}',
        "application/json",
      ],
    ])("answers %s with 400 and a JSON google.rpc.Status", async (_label, body, type) => {
      const res = await post(LOGS, body, { "content-type": type });
      expect(res.status).toBe(400);
      expect(await res.json()).toMatchObject({ code: 3, message: expect.any(String), error: { code: "invalid_otlp" } });
    });

    it("answers malformed protobuf (and broken gzip) with 400 and a protobuf google.rpc.Status", async () => {
      for (const [bytes, headers] of [
        [Buffer.from([0x0a, 0xff, 0xff, 0xff, 0xff, 0x0f, 0x01]), {}],
        [Buffer.from("definitely not protobuf"), {}],
        [Buffer.from("not gzip"), { "content-encoding": "gzip" }],
      ] as const) {
        const res = await post("/api/v1/otlp/v1/traces", bytes, { "content-type": "application/x-protobuf", ...headers });
        expect(res.status).toBe(400);
        expect(res.headers.get("content-type")).toBe("application/x-protobuf");
        expect(decode("Status", await res.arrayBuffer())).toMatchObject({ code: 3, message: expect.stringMatching(/not (a )?valid/) });
      }
      expect((await fetch(`${b.server.url}/api/health`)).status).toBe(200);
    });

    it("refuses other content types (415), missing or unknown keys (401) and keys without the ingest scope (403)", async () => {
      const text = await post(LOGS, CLAUDE_CODE_LOGS_JSON, { "content-type": "text/plain" });
      expect(text.status).toBe(415);
      expect((await text.json()).error.code).toBe("unsupported_media_type");
      const missing = await post(LOGS, CLAUDE_CODE_LOGS_JSON, {}, null);
      expect(missing.status).toBe(401);
      expect(await missing.json()).toMatchObject({ code: 16, error: { code: "unauthorized" } });
      expect((await post(LOGS, CLAUDE_CODE_LOGS_JSON, {}, "br_not_a_real_key")).status).toBe(401);
      const read = await post(LOGS, protobuf("ExportLogsServiceRequest", {}), { "content-type": "application/x-protobuf" }, b.keys.read);
      expect(read.status).toBe(403);
      expect(decode("Status", await read.arrayBuffer())).toMatchObject({ code: 7 });
    });

    it("refuses a body over 32 MiB, sent or decompressed, with 413", async () => {
      const big = Buffer.alloc(32 * 1024 * 1024 + 1, 0x20);
      expect((await post(LOGS, big)).status).toBe(413);
      const bomb = gzipSync(big);
      expect(bomb.length).toBeLessThan(100_000);
      const res = await post(LOGS, bomb, { "content-encoding": "gzip" });
      expect(res.status).toBe(413);
      expect((await res.json()).error.code).toBe("payload_too_large");
    });

    it("stores an export sent by several exporters at the same moment once", async () => {
      const body = JSON.stringify(specLogs(new Date(Date.now() - 30_000), "sess-concurrent", "concurrent"));
      const answers = await Promise.all(Array.from({ length: MAX_EXPORTS }, () => post(LOGS, body)));
      expect(answers.map((r) => r.status)).toEqual(Array(MAX_EXPORTS).fill(200));
      expect(await spendTotals("team=concurrent")).toMatchObject({ requests: 1, cost_usd: SPEC_API_REQUEST.cost_usd });
    });

    it("answers 429 with Retry-After while the exports in flight are at the limit, then accepts again", async () => {
      const body = Buffer.from(JSON.stringify(specLogs(new Date(Date.now() - 20_000), "sess-slow", "slow")));
      const url = new URL(LOGS, b.server.url);
      // An exporter on a slow link: it has sent its headers and half its body, and holds a slot.
      const slowUpload = () => {
        const req = http.request(url, {
          method: "POST",
          headers: { "content-type": "application/json", "content-length": body.length, authorization: `Bearer ${b.keys.ingest}` },
        });
        const upload = { req, status: null as number | null, answered: Promise.resolve(0) };
        upload.answered = new Promise<number>((resolve, reject) => {
          req.on("response", (res) => {
            res.resume();
            upload.status = res.statusCode ?? 0;
            resolve(upload.status);
          });
          req.on("error", reject);
        });
        req.write(body.subarray(0, body.length / 2));
        return upload;
      };
      const slow = Array.from({ length: MAX_EXPORTS }, slowUpload);
      let limited: Response | undefined;
      try {
        for (let attempt = 0; attempt < 100; attempt++) {
          limited = await post(LOGS, body);
          if (limited.status === 429) break;
          // A probe can reach a slot before a slow upload does, which is then the one refused: replace it.
          for (const [i, s] of slow.entries()) if (s.status === 429) slow[i] = slowUpload();
          await new Promise((r) => setTimeout(r, 50));
        }
        expect(limited?.status).toBe(429);
        expect(Number(limited?.headers.get("retry-after"))).toBeGreaterThan(0);
        expect(await limited?.json()).toMatchObject({ code: 8, error: { code: "rate_limited" } });
      } catch (err) {
        // A failed attempt leaves no upload hanging.
        for (const s of slow) {
          s.answered.catch(() => {});
          s.req.destroy();
        }
        throw err;
      }
      for (const s of slow) s.req.end(body.subarray(body.length / 2));
      expect(await Promise.all(slow.map((s) => s.answered))).toEqual(Array(MAX_EXPORTS).fill(200));
      expect((await post(LOGS, body)).status).toBe(200);
      expect(await spendTotals("team=slow")).toMatchObject({ requests: 1 });
    });
  });
}
