import { gzipSync } from "node:zlib";
import { describe, expect, it } from "vitest";
import { CLAUDE_CODE_LOGS_JSON } from "@/scripts/test/otlp-fixtures";
import { decodeExport, MAX_OTLP_BODY_BYTES, readOtlpBody, requestEncoding } from "./decode";
import { protoType } from "./proto";
import { ExportLogsRequest, ExportTraceRequest } from "./schemas";

const LOGS = "ExportLogsServiceRequest";

function post(body: Buffer, headers: Record<string, string> = {}) {
  return new Request("http://x/v1/logs", { method: "POST", body: new Uint8Array(body), headers });
}

describe("OTLP body decoding", () => {
  it("recognises http/json and http/protobuf content types only", () => {
    expect(requestEncoding("application/json; charset=utf-8")).toBe("json");
    expect(requestEncoding("application/x-protobuf")).toBe("protobuf");
    expect(requestEncoding("application/protobuf")).toBe("protobuf");
    expect(requestEncoding("text/plain")).toBeNull();
    expect(requestEncoding(null)).toBeNull();
  });

  it("decodes protobuf into the same shape as JSON", () => {
    const type = protoType(LOGS);
    const json = JSON.parse(CLAUDE_CODE_LOGS_JSON);
    const bytes = Buffer.from(type.encode(type.fromObject(json)).finish());
    const fromProto = decodeExport(bytes, "protobuf", LOGS, ExportLogsRequest);
    const fromJson = decodeExport(Buffer.from(CLAUDE_CODE_LOGS_JSON), "json", LOGS, ExportLogsRequest);
    const record = fromProto.resourceLogs?.[0]?.scopeLogs?.[0]?.logRecords?.[0];
    expect(record?.timeUnixNano).toBe("1787234557512000000");
    expect(record?.attributes?.find((kv) => kv.key === "cost_usd")?.value?.doubleValue).toBe(0.0421365);
    expect(record?.attributes?.find((kv) => kv.key === "input_tokens")?.value?.intValue).toBe("412");
    expect(fromProto.resourceLogs?.[0]?.resource).toEqual(fromJson.resourceLogs?.[0]?.resource);
  });

  it("answers undecodable bodies with invalid_otlp, never a crash", () => {
    const cases: [Buffer, "json" | "protobuf"][] = [
      [Buffer.from("{nope"), "json"],
      [Buffer.from('{"resourceLogs": 5}'), "json"],
      [Buffer.from('{"resourceLogs": [{"scopeLogs": [{"logRecords": [{"timeUnixNano": "soon"}]}]}]}'), "json"],
      [Buffer.from([0x0a, 0xff, 0xff, 0xff, 0xff, 0x0f, 0x01]), "protobuf"], // a length beyond the buffer
      [Buffer.from([0x0f]), "protobuf"], // wire type 7 does not exist
    ];
    for (const [bytes, encoding] of cases) {
      expect(() => decodeExport(bytes, encoding, LOGS, ExportLogsRequest)).toThrow(expect.objectContaining({ code: "invalid_otlp" }));
    }
  });

  it("treats an empty body as an empty export", () => {
    expect(decodeExport(Buffer.alloc(0), "json", "ExportTraceServiceRequest", ExportTraceRequest)).toEqual({});
    expect(decodeExport(Buffer.alloc(0), "protobuf", "ExportTraceServiceRequest", ExportTraceRequest)).toEqual({});
  });

  it("gunzips, refuses a zip bomb past the cap with 413, and refuses unknown encodings with 415", async () => {
    const body = Buffer.from(CLAUDE_CODE_LOGS_JSON);
    expect((await readOtlpBody(post(gzipSync(body), { "content-encoding": "gzip" }))).equals(body)).toBe(true);
    const bomb = gzipSync(Buffer.alloc(MAX_OTLP_BODY_BYTES + 1));
    expect(bomb.length).toBeLessThan(100_000);
    await expect(readOtlpBody(post(bomb, { "content-encoding": "gzip" }))).rejects.toMatchObject({
      code: "payload_too_large",
      status: 413,
    });
    await expect(readOtlpBody(post(Buffer.from("not gzip"), { "content-encoding": "gzip" }))).rejects.toMatchObject({
      code: "invalid_otlp",
    });
    await expect(readOtlpBody(post(body, { "content-encoding": "br" }))).rejects.toMatchObject({ status: 415 });
  });
});
