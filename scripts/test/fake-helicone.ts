import { type FakeServer, startFake } from "./fake-providers/server";

/**
 * Helicone's REST `GET /v1/request/{id}` (specs/gateway-callbacks.md §2.5) on a free loopback port: `{data, error}`
 * for a known request with the right bearer key, 404 `{data: null, error}` for an unknown one, 401 for another key.
 */
export function startFakeHelicone(records: Record<string, Record<string, unknown>>, key: string): Promise<FakeServer> {
  return startFake(
    (url) => {
      const match = /^\/v1\/request\/([^/]+)$/.exec(url.pathname);
      const record = match ? records[decodeURIComponent(match[1] as string)] : undefined;
      return record
        ? { status: 200, body: { data: record, error: null } }
        : { status: 404, body: { data: null, error: "Request not found" } };
    },
    {
      authorized: (req) => req.headers.authorization === `Bearer ${key}`,
      error: (_status, _type, message) => ({ data: null, error: message }),
    },
  );
}
