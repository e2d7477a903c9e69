import { describe, expect, it } from "vitest";
import { clientErrorStatus, isHeadRequest, rawErrorResponse } from "./errors.mjs";

describe("raw error responses for requests Node could not parse", () => {
  it("carries the contract's JSON error with a matching Content-Length", () => {
    const raw = rawErrorResponse(431);
    const [head, body] = raw.split("\r\n\r\n") as [string, string];
    expect(head).toMatch(/^HTTP\/1\.1 431 /);
    expect(JSON.parse(body)).toEqual({ error: { code: "headers_too_large", message: expect.any(String) } });
    expect(head).toContain(`Content-Length: ${Buffer.byteLength(body)}`);
  });

  it("answers a HEAD request with headers only, so the client's stream is not corrupted", () => {
    const raw = rawErrorResponse(400, { head: true });
    expect(raw.endsWith("\r\n\r\n")).toBe(true);
    expect(raw).not.toContain('"error"');
    expect(isHeadRequest(Object.assign(new Error("x"), { rawPacket: Buffer.from("HEAD /api/health HTTP/1.1\r\n") }))).toBe(true);
    expect(isHeadRequest(Object.assign(new Error("x"), { rawPacket: Buffer.from("HEADER / HTTP/1.1\r\n") }))).toBe(false);
    expect(isHeadRequest(new Error("no packet"))).toBe(false);
  });

  it("maps Node's parser errors to statuses", () => {
    expect(clientErrorStatus(Object.assign(new Error("x"), { code: "HPE_HEADER_OVERFLOW" }))).toBe(431);
    expect(clientErrorStatus(Object.assign(new Error("x"), { code: "ERR_HTTP_REQUEST_TIMEOUT" }))).toBe(408);
    expect(clientErrorStatus(Object.assign(new Error("x"), { code: "HPE_INVALID_METHOD" }))).toBe(400);
  });
});
