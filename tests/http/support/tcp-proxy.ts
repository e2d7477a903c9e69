import net from "node:net";

/**
 * A loopback TCP proxy whose upstream can be cut (every connection reset, new ones refused) and restored, or frozen
 * (connections stay open but no byte moves either way, new ones are held unanswered: a hung database) and thawed.
 */
export class TcpProxy {
  private server = net.createServer((client) => this.onConnection(client));
  private sockets = new Set<net.Socket>();
  private down = false;
  private frozen = false;
  private pairs = new Set<[net.Socket, net.Socket]>();
  private held: net.Socket[] = [];
  port = 0;

  constructor(
    private upstreamHost: string,
    private upstreamPort: number,
  ) {}

  async start(): Promise<void> {
    await new Promise<void>((resolve) => this.server.listen(0, "127.0.0.1", resolve));
    this.port = (this.server.address() as net.AddressInfo).port;
  }

  /** Simulates the database going away: open connections die, new ones are closed at once. */
  cut(): void {
    this.down = true;
    for (const s of this.sockets) s.destroy();
    this.sockets.clear();
  }

  restore(): void {
    this.down = false;
  }

  /** Simulates a hung database: every open connection stops moving bytes; new connections get no answer. */
  freeze(): void {
    this.frozen = true;
    for (const [client, upstream] of this.pairs) {
      client.unpipe(upstream);
      upstream.unpipe(client);
      client.pause();
      upstream.pause();
    }
  }

  /** Lets the bytes held since `freeze` through, and answers the connections that waited. */
  thaw(): void {
    this.frozen = false;
    for (const [client, upstream] of this.pairs) {
      client.pipe(upstream);
      upstream.pipe(client);
    }
    for (const client of this.held.splice(0)) if (!client.destroyed) this.onConnection(client);
  }

  async stop(): Promise<void> {
    this.cut();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }

  private onConnection(client: net.Socket): void {
    if (this.down) {
      client.destroy();
      return;
    }
    if (this.frozen) {
      client.pause();
      client.on("error", () => {});
      this.sockets.add(client);
      this.held.push(client);
      return;
    }
    const upstream = net.connect(this.upstreamPort, this.upstreamHost);
    const pair: [net.Socket, net.Socket] = [client, upstream];
    this.pairs.add(pair);
    for (const s of [client, upstream]) {
      this.sockets.add(s);
      s.on("error", () => {});
      s.on("close", () => {
        this.pairs.delete(pair);
        this.sockets.delete(s);
        client.destroy();
        upstream.destroy();
      });
    }
    client.pipe(upstream).pipe(client);
  }
}
