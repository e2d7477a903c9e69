import dns from "node:dns";
import http, { type IncomingHttpHeaders } from "node:http";
import https from "node:https";
import type { LookupFunction } from "node:net";
import type { AllowedHost } from "./allow-list";
import { checkOutboundUrl, resolvedAddressRefusal } from "./outbound-url";

/** The request was not made: the target is refused by the guard, redirects elsewhere, or answers too much. */
export class OutboundRefusedError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "OutboundRefusedError";
  }
}

export interface OutboundOptions {
  method?: "GET" | "POST";
  headers?: Record<string, string>;
  body?: string;
  timeoutMs: number;
  /** The response body is read up to this many bytes; more fails the request. */
  maxBytes: number;
  /** Operator-configured targets (environment variables) skip the address checks; see README "Security". */
  trusted?: boolean;
  allowed: readonly AllowedHost[];
  /** For tests: the resolver behind the pinned lookup. */
  resolve?: (hostname: string) => Promise<{ address: string; family: number }[]>;
}

export interface OutboundResponse {
  status: number;
  headers: IncomingHttpHeaders;
  body: Buffer;
}

const defaultResolve = (hostname: string) => dns.promises.lookup(hostname, { all: true, verbatim: true });

/**
 * One HTTP request to a URL a user could have chosen. The name is resolved once, inside the socket's own lookup,
 * and every resolved address is checked before the socket connects to it, so a DNS answer that changes between a
 * check and the connect (rebinding) cannot reach a refused address. Redirects are never followed (a 3xx fails), and
 * the body is read with a byte limit. Node's http/https (no extra dependency): `lookup` is their documented hook.
 */
export async function outboundRequest(rawUrl: string, opts: OutboundOptions): Promise<OutboundResponse> {
  const check = opts.trusted ? { ok: true as const, url: new URL(rawUrl), allowListed: true } : checkOutboundUrl(rawUrl, opts.allowed);
  if (!check.ok) throw new OutboundRefusedError(`refused: ${check.reason}`);
  const { url, allowListed } = check;
  const resolve = opts.resolve ?? defaultResolve;
  const lookup: LookupFunction = (hostname, options, callback) => {
    resolve(hostname).then(
      (addresses) => {
        const refused = opts.trusted ? undefined : addresses.find((a) => resolvedAddressRefusal(a.address, allowListed));
        if (refused) {
          const reason = resolvedAddressRefusal(refused.address, allowListed);
          callback(new OutboundRefusedError(`refused: ${hostname} resolves to ${refused.address}, a ${reason}`), "", 4);
        } else if (addresses.length === 0) callback(new Error(`${hostname} has no address`), "", 4);
        else if (options.all) (callback as unknown as (e: null, a: typeof addresses) => void)(null, addresses);
        else callback(null, addresses[0]?.address ?? "", addresses[0]?.family ?? 4);
      },
      (err: Error) => callback(err as NodeJS.ErrnoException, "", 4),
    );
  };
  const client = url.protocol === "https:" ? https : http;
  return new Promise<OutboundResponse>((resolvePromise, reject) => {
    const req = client.request(url, { method: opts.method ?? "GET", headers: opts.headers, lookup }, (res) => {
      const status = res.statusCode ?? 0;
      if (status >= 300 && status < 400) {
        res.destroy();
        reject(new OutboundRefusedError(`refused: the server answered a redirect (HTTP ${status}), which is not followed`));
        return;
      }
      const chunks: Buffer[] = [];
      let size = 0;
      res.on("data", (chunk: Buffer) => {
        size += chunk.length;
        if (size > opts.maxBytes) {
          res.destroy();
          reject(new OutboundRefusedError(`refused: the response is larger than ${opts.maxBytes} bytes`));
          return;
        }
        chunks.push(chunk);
      });
      res.on("end", () => resolvePromise({ status, headers: res.headers, body: Buffer.concat(chunks) }));
      res.on("error", reject);
    });
    const timer = setTimeout(() => req.destroy(new OutboundTimeoutError(opts.timeoutMs)), opts.timeoutMs);
    req.on("close", () => clearTimeout(timer));
    req.on("error", reject);
    req.end(opts.body);
  });
}

export class OutboundTimeoutError extends Error {
  constructor(ms: number) {
    super(`timed out after ${ms} ms`);
    this.name = "TimeoutError";
  }
}

/** A header's first value. */
export function headerValue(headers: IncomingHttpHeaders, name: string): string | null {
  const v = headers[name.toLowerCase()];
  return Array.isArray(v) ? (v[0] ?? null) : (v ?? null);
}
