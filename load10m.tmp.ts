import postgres from "postgres";
import { openDb } from "@/db";
import { loadEvents } from "./scripts/bench/dashboard-data";
const size = Number(process.argv[2]);
const name = process.argv[3];
async function main() {
  const admin = postgres("postgres://app@127.0.0.1:5434/postgres", { max: 1 });
  await admin.unsafe(`create database ${name}`);
  await admin.end();
  const url = `postgres://app@127.0.0.1:5434/${name}`;
  const h = await openDb({ url, poolMax: 2 });
  await h.close();
  const sql = postgres(url, { max: 1, onnotice: () => {} });
  const t = performance.now();
  await loadEvents(sql, { from: 1, to: size }, { end: "2026-12-05T00:00:00Z", chunk: 250000 });
  await sql.unsafe("vacuum analyze");
  console.log(`\nloaded in ${((performance.now() - t) / 1000).toFixed(0)} s`);
  await sql.end();
}
main();
