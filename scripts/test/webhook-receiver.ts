import { createServer } from "node:http";
import type { AddressInfo } from "node:net";

export interface WebhookReceiver {
  url: string;
  /** Every POST body received, parsed, in arrival order (failed ones included). */
  posts: Record<string, unknown>[];
  /** The status answered to each POST, in the same order. */
  statuses: number[];
  /** Resolves once `n` POSTs have arrived. */
  waitFor: (n: number) => Promise<void>;
  close: () => Promise<void>;
}

/**
 * A real HTTP webhook receiver on a free loopback port: records every POST and answers 500 to the first
 * `failFirst` of them (a receiver that is down for a while), 200 afterwards.
 */
export async function startWebhookReceiver(opts: { failFirst?: number } = {}): Promise<WebhookReceiver> {
  const posts: Record<string, unknown>[] = [];
  const statuses: number[] = [];
  const waiters: { n: number; resolve: () => void }[] = [];
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", () => {
      const status = posts.length < (opts.failFirst ?? 0) ? 500 : 200;
      posts.push(JSON.parse(Buffer.concat(chunks).toString("utf8")));
      statuses.push(status);
      res.writeHead(status, { "content-type": "text/plain" }).end(status === 200 ? "ok" : "down");
      for (const w of waiters.filter((w) => posts.length >= w.n)) w.resolve();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/hook`,
    posts,
    statuses,
    waitFor: (n) => (posts.length >= n ? Promise.resolve() : new Promise((resolve) => waiters.push({ n, resolve }))),
    close: () =>
      new Promise((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
