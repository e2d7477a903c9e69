import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { parseAllowedHosts } from "./allow-list";
import { OutboundRefusedError, outboundRequest } from "./outbound-request";

let server: Server;
let port = 0;
const hits: string[] = [];

beforeAll(async () => {
  server = createServer((req, res) => {
    hits.push(req.url ?? "");
    if (req.url === "/redirect") res.writeHead(302, { location: "http://169.254.169.254/" }).end();
    else if (req.url === "/big") res.end("x".repeat(5000));
    else res.end("ok");
  });
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  port = (server.address() as AddressInfo).port;
});
afterAll(() => new Promise<void>((r) => server.close(() => r())));

/** A DNS answer we choose: `rebind.test` is whatever the attacker's name server says at connect time. */
const resolveTo =
  (...addresses: string[]) =>
  async () =>
    addresses.map((address) => ({ address, family: address.includes(":") ? 6 : 4 }));

const base = { timeoutMs: 5000, maxBytes: 1000, allowed: parseAllowedHosts("") };

describe("outboundRequest", () => {
  it("refuses a name that resolves to loopback, and never connects", async () => {
    const before = hits.length;
    const req = outboundRequest(`http://rebind.test:${port}/hook`, {
      ...base,
      method: "POST",
      body: "{}",
      resolve: resolveTo("127.0.0.1"),
    });
    await expect(req).rejects.toThrow(/refused: rebind\.test resolves to 127\.0\.0\.1, a loopback address/);
    expect(hits.length).toBe(before);
  });

  it("refuses when any resolved address is refused (one public, one private answer)", async () => {
    const req = outboundRequest(`http://rebind.test:${port}/`, { ...base, resolve: resolveTo("93.184.216.34", "::ffff:127.0.0.1") });
    await expect(req).rejects.toBeInstanceOf(OutboundRefusedError);
  });

  it("connects to the address it checked, when the host is allow-listed", async () => {
    const allowed = parseAllowedHosts(`rebind.test:${port}`);
    const res = await outboundRequest(`http://rebind.test:${port}/ok`, { ...base, allowed, resolve: resolveTo("127.0.0.1") });
    expect(res.status).toBe(200);
    expect(res.body.toString()).toBe("ok");
  });

  it("refuses an IP literal before any request", async () => {
    await expect(outboundRequest(`http://127.0.0.1:${port}/`, base)).rejects.toThrow(/127\.0\.0\.1 is a loopback address/);
  });

  it("does not follow redirects, and caps the response size", async () => {
    const allowed = parseAllowedHosts("127.0.0.1");
    await expect(outboundRequest(`http://127.0.0.1:${port}/redirect`, { ...base, allowed })).rejects.toThrow(/redirect \(HTTP 302\)/);
    await expect(outboundRequest(`http://127.0.0.1:${port}/big`, { ...base, allowed })).rejects.toThrow(/larger than 1000 bytes/);
  });

  it("trusted (operator-configured) targets skip the address checks", async () => {
    const res = await outboundRequest(`http://127.0.0.1:${port}/ok`, { ...base, trusted: true });
    expect(res.status).toBe(200);
  });
});
