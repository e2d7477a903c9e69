import { type ChildProcess, spawn } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import net from "node:net";
import os from "node:os";
import path from "node:path";

/**
 * Node flags the server runs with (also in package.json "start" and scripts/demo.ts): a 32 MB young
 * generation halves scavenge work for the ingest path's short-lived objects (measured: +7 % events/s).
 */
export const SERVER_NODE_ARGS = ["--max-semi-space-size=32"];

export interface RunningServer {
  url: string;
  pid: number;
  stop: () => Promise<void>;
  logs: () => string;
}

export async function freePort(): Promise<number> {
  const srv = net.createServer();
  await new Promise<void>((resolve) => srv.listen(0, "127.0.0.1", resolve));
  const port = (srv.address() as net.AddressInfo).port;
  await new Promise((resolve) => srv.close(resolve));
  return port;
}

export function tempDir(prefix: string): { dir: string; remove: () => void } {
  const dir = mkdtempSync(path.join(os.tmpdir(), prefix));
  return { dir, remove: () => rmSync(dir, { recursive: true, force: true }) };
}

/**
 * Starts the production build (scripts/server.mjs as `npm start` runs it; `npm run build` first) as a child process and waits until
 * it answers HTTP (on `fixedPort` when given, else a free one). The one PID is stopped at the end (no npx wrapper, so nothing is left behind).
 */
export async function startServer(env: Record<string, string>, nodeArgs: string[] = [], fixedPort?: number): Promise<RunningServer> {
  const port = fixedPort ?? (await freePort());
  let output = "";
  const child: ChildProcess = spawn(process.execPath, [...nodeArgs, "scripts/server.mjs", "-p", String(port), "-H", "127.0.0.1"], {
    cwd: process.cwd(),
    env: { ...process.env, NODE_ENV: "production", DATABASE_URL: "", ...env },
    stdio: ["ignore", "pipe", "pipe"],
  });
  child.stdout?.on("data", (d) => {
    output += d;
  });
  child.stderr?.on("data", (d) => {
    output += d;
  });
  const url = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + 60_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`server exited with ${child.exitCode}:\n${output}`);
    try {
      const res = await fetch(`${url}/api/health`);
      if (res.status === 200) break;
    } catch {
      // not listening yet
    }
    if (Date.now() > deadline) {
      child.kill("SIGKILL");
      throw new Error(`server did not become healthy in 60 s:\n${output}`);
    }
    await new Promise((r) => setTimeout(r, 200));
  }
  return {
    url,
    pid: child.pid as number,
    logs: () => output,
    stop: async () => {
      if (child.exitCode !== null) return;
      const exited = new Promise((resolve) => child.once("exit", resolve));
      child.kill("SIGTERM");
      const timer = setTimeout(() => child.kill("SIGKILL"), 5000);
      await exited;
      clearTimeout(timer);
    },
  };
}
