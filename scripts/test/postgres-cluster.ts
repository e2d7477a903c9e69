import { execFileSync, spawnSync } from "node:child_process";
import { chownSync, existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";

/** Finds Debian's PostgreSQL binaries (the newest installed major version). */
function postgresBin(): string | null {
  const base = "/usr/lib/postgresql";
  if (!existsSync(base)) return null;
  const majors = readdirSync(base)
    .filter((d) => existsSync(path.join(base, d, "bin", "initdb")))
    .sort((a, b) => Number(b) - Number(a));
  return majors[0] ? path.join(base, majors[0], "bin") : null;
}

/**
 * Starts a throwaway PostgreSQL cluster on a free loopback port (trust auth, user `app`), for tests and
 * benchmarks. As root it runs the server as the `postgres` user, as initdb refuses root.
 */
export interface ThrowawayPostgres {
  url: string;
  /** Shuts the server down (fast mode: sessions are terminated, as in a real restart), keeping its data. */
  pause: () => void;
  resume: () => void;
  stop: () => void;
}

export function hasPostgresBinaries(): boolean {
  return postgresBin() !== null;
}

export function startThrowawayPostgres(opts: { port: number; durable?: boolean }): ThrowawayPostgres {
  const { port, durable = false } = opts;
  const c = cluster();
  c.run(path.join(c.bin, "initdb"), ["-D", c.data, "-U", "app", "--auth=trust", "-E", "UTF8", "--no-sync"]);
  // Tests trade durability for speed; benchmarks keep PostgreSQL's durable defaults (fsync, synchronous commit).
  const unsafe = durable ? "" : "-c fsync=off -c synchronous_commit=off -c full_page_writes=off";
  return c.serve(
    `-p ${port} -k ${c.dir} -c listen_addresses=127.0.0.1 -c max_connections=200 -c shared_buffers=256MB -c max_wal_size=4GB ${unsafe}`,
    port,
  );
}

/** A hot standby of a throwaway primary, streaming its WAL; replay can be paused to make it fall behind. */
export interface ThrowawayStandby extends ThrowawayPostgres {
  /** `pg_wal_replay_pause()`: the standby keeps answering with what it had, and receives WAL it does not apply. */
  pauseReplay: () => void;
  resumeReplay: () => void;
}

/**
 * Starts a hot standby of `primary` (a throwaway cluster: wal_level=replica and replication over trust are initdb's
 * defaults) on another free port: `pg_basebackup -R` copies it and writes the standby's connection settings.
 */
export function startThrowawayStandby(primary: ThrowawayPostgres, opts: { port: number }): ThrowawayStandby {
  const primaryPort = new URL(primary.url).port;
  const c = cluster();
  c.run(path.join(c.bin, "pg_basebackup"), [
    "-D",
    c.data,
    "-R",
    "-X",
    "stream",
    "-c",
    "fast",
    "--no-sync",
    "-h",
    "127.0.0.1",
    "-p",
    primaryPort,
    "-U",
    "app",
  ]);
  // A hot standby needs max_connections at least the primary's.
  const standby = c.serve(
    `-p ${opts.port} -k ${c.dir} -c listen_addresses=127.0.0.1 -c max_connections=200 -c hot_standby=on -c fsync=off`,
    opts.port,
  );
  const sql = (query: string) =>
    c.run(path.join(c.bin, "psql"), ["-h", "127.0.0.1", "-p", String(opts.port), "-U", "app", "-d", "postgres", "-Atc", query]);
  return { ...standby, pauseReplay: () => sql("select pg_wal_replay_pause()"), resumeReplay: () => sql("select pg_wal_replay_resume()") };
}

/** A fresh directory for one cluster (owned by `postgres` when run as root) and a way to run its binaries. */
function cluster() {
  const bin = postgresBin();
  if (!bin) throw new Error("PostgreSQL server binaries not found under /usr/lib/postgresql (apt-get install postgresql)");
  const dir = mkdtempSync(path.join(os.tmpdir(), "burnrate-pg-"));
  const asRoot = process.getuid?.() === 0;
  if (asRoot) {
    const uid = Number(execFileSync("id", ["-u", "postgres"]).toString().trim());
    const gid = Number(execFileSync("id", ["-g", "postgres"]).toString().trim());
    chownSync(dir, uid, gid);
  }
  const run = (cmd: string, args: string[]) => {
    const full = asRoot ? ["runuser", ["-u", "postgres", "--", cmd, ...args]] : [cmd, args];
    const r = spawnSync(full[0] as string, full[1] as string[], { encoding: "utf8" });
    if (r.status !== 0) throw new Error(`${cmd} failed: ${r.stderr || r.stdout}`);
  };
  const data = path.join(dir, "data");
  /** Starts the server on `port` and returns its controls; a failed start removes the directory. */
  const serve = (options: string, port: number): ThrowawayPostgres => {
    const start = () => run(path.join(bin, "pg_ctl"), ["-D", data, "-l", path.join(dir, "log"), "-w", "-o", options, "start"]);
    try {
      start();
    } catch (err) {
      const log = existsSync(path.join(dir, "log"))
        ? readFileSync(path.join(dir, "log"), "utf8").trim().split("\n").slice(-3).join("\n")
        : "";
      rmSync(dir, { recursive: true, force: true });
      throw new Error(`${(err as Error).message}\n${log}`);
    }
    return {
      url: `postgres://app@127.0.0.1:${port}/postgres`,
      pause: () => run(path.join(bin, "pg_ctl"), ["-D", data, "-m", "fast", "-w", "stop"]),
      resume: start,
      stop: () => {
        try {
          if (existsSync(path.join(data, "postmaster.pid"))) run(path.join(bin, "pg_ctl"), ["-D", data, "-m", "immediate", "-w", "stop"]);
        } finally {
          rmSync(dir, { recursive: true, force: true });
        }
      },
    };
  };
  return { bin, dir, data, run, serve };
}
