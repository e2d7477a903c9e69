import "server-only";
import { Readable, type Writable } from "node:stream";
import { stringify } from "csv-stringify";
import { sql } from "drizzle-orm";
import { queryRows } from "@/db/client";
import { recordAudit } from "@/lib/audit/record-audit";
import type { Ctx } from "@/lib/auth/actor";
import { assertCan } from "@/lib/auth/permissions";
import { exportParts } from "./export-sql";
import { focusColumns, focusRowMapper } from "./focus";
import { listMonthCloses } from "./month-closes";
import { type ExportPlan, exportPlan } from "./plan";
import { csvColumns, csvRow, type ExportRow } from "./rows";
import type { ExportInput } from "./schemas";

/** Rows per FETCH: large enough to amortise the round trip, small enough that memory stays flat. */
const FETCH_ROWS = 5_000;

class ExportCancelled extends Error {}

export interface MonthExport {
  filename: string;
  plan: ExportPlan;
  stream: ReadableStream<Uint8Array>;
}

/**
 * `GET /api/v1/export`: the month as CSV, streamed. Every row is read through server-side cursors inside one
 * repeatable-read transaction, so the file is one consistent snapshot however long it takes, and memory stays
 * flat whatever the month's size (FETCH_ROWS rows at a time, with the HTTP consumer's backpressure).
 * csv-stringify writes the CSV and neutralises formula cells (`escape_formulas`). The promise settles once the
 * snapshot is taken, so a database outage is still an HTTP error rather than a truncated file.
 */
export async function exportMonth(ctx: Ctx, input: ExportInput): Promise<MonthExport> {
  assertCan(ctx.actor, "export:download");
  // Before the transaction: embedded PGlite has one connection, which the export holds until its last row.
  await recordAudit(ctx, {
    action: "export.downloaded",
    target: input.month,
    details: { format: input.format, granularity: input.granularity },
  });
  const event = input.granularity === "event";
  const stringifier = stringify({
    header: true,
    columns: [...(input.format === "focus" ? focusColumns(event) : csvColumns(event))],
    escape_formulas: true,
    writableHighWaterMark: 2 * FETCH_ROWS,
  });

  let snapshotTaken: (plan: ExportPlan) => void = () => {};
  let startFailed: (err: unknown) => void = () => {};
  const started = new Promise<ExportPlan>((resolve, reject) => {
    snapshotTaken = resolve;
    startFailed = reject;
  });
  const done = ctx.db.transaction(
    async (tx) => {
      const plan = exportPlan(input.month, await listMonthCloses(tx));
      snapshotTaken(plan);
      const toRow = input.format === "focus" ? focusRowMapper(plan, event) : (r: ExportRow) => csvRow(r, event);
      for (const [i, part] of exportParts(plan, input.granularity).entries()) {
        const cursor = sql.raw(`export_part_${i}`);
        await tx.execute(sql`declare ${cursor} no scroll cursor for ${part.query}`);
        for (;;) {
          const rows = await queryRows<ExportRow>(tx, sql`fetch ${sql.raw(String(FETCH_ROWS))} from ${cursor}`);
          for (const r of rows) {
            if (stringifier.destroyed) throw new ExportCancelled();
            if (!stringifier.write(toRow(r))) await drained(stringifier);
          }
          if (rows.length < FETCH_ROWS) break;
        }
        await tx.execute(sql`close ${cursor}`);
      }
    },
    { isolationLevel: "repeatable read", accessMode: "read only" },
  );
  done.then(
    () => stringifier.end(),
    (err) => {
      startFailed(err);
      if (err instanceof ExportCancelled) return;
      console.error("[burnrate] export failed after it started", err);
      stringifier.destroy(err instanceof Error ? err : new Error(String(err)));
    },
  );
  const plan = await started;
  return {
    // DESIGN §3.7 names the file after the month alone, whatever the format.
    filename: `burnrate-${input.month}.csv`,
    plan,
    stream: Readable.toWeb(stringifier) as ReadableStream<Uint8Array>,
  };
}

/** Resolves when the stream wants more; rejects if the reader went away (the stream was destroyed). */
function drained(stream: Writable): Promise<void> {
  return new Promise((resolve, reject) => {
    const settle = (fn: () => void) => () => {
      stream.off("drain", onDrain);
      stream.off("close", onClose);
      fn();
    };
    const onDrain = settle(resolve);
    const onClose = settle(() => reject(new ExportCancelled()));
    stream.on("drain", onDrain);
    stream.on("close", onClose);
  });
}
