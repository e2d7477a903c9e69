import "server-only";
import { finished } from "node:stream/promises";
import { stringify } from "csv-stringify";
import { readSnapshot, type SnapshotReader } from "@/db/snapshot";
import { recordAudit } from "@/lib/audit/record-audit";
import type { Ctx } from "@/lib/auth/actor";
import { assertCan } from "@/lib/auth/permissions";
import { type ExportPart, exportParts } from "./export-sql";
import { focusColumns } from "./focus";
import { readMonthCloses } from "./month-closes";
import { exportPlan } from "./plan";
import { assertRawEventsKept } from "./retention";
import { csvColumns } from "./rows";
import { downloadFilename, type ExportInput } from "./schemas";

/** Rows per FETCH: large enough to amortise the round trip, small enough that memory stays flat. */
const FETCH_ROWS = 5_000;

class ExportCancelled extends Error {}

export interface MonthExport {
  /** DESIGN §3.7's name (the month alone), what `GET /api/v1/export` sends. */
  filename: string;
  /** The name the Export screen saves it under: format and granularity included. */
  downloadName: string;
  stream: ReadableStream<Uint8Array>;
}

/**
 * `GET /api/v1/export`: the month as CSV, streamed. Everything is read inside one repeatable-read transaction (its
 * own: `ctx.db` is the database, not a caller's transaction), so the file is one consistent snapshot however long it
 * takes, and memory stays flat whatever the month's size (a batch at a time, with the HTTP reader's backpressure). Writers: on PostgreSQL, its own COPY (formula cells neutralised in
 * the query); on embedded PGlite, which has no COPY to a client, csv-stringify from cursor batches
 * (`escape_formulas`). The same queries produce the cells for both. The promise settles once the snapshot is taken,
 * so a database outage is still an HTTP error rather than a truncated file. A month whose raw events retention removed
 * has its daily files (from the rollups) but no per-event file: 410 `raw_events_removed`.
 */
export async function exportMonth(ctx: Ctx, input: ExportInput): Promise<MonthExport> {
  assertCan(ctx.actor, "export:download");
  if (input.granularity === "event") assertRawEventsKept(input.month);
  // Before the transaction: embedded PGlite has one connection, which the export holds until its last row.
  await recordAudit(ctx, {
    action: "export.downloaded",
    target: input.month,
    details: { format: input.format, granularity: input.granularity },
  });
  const sink = new ChunkSink();
  let snapshotTaken: () => void = () => {};
  let startFailed: (err: unknown) => void = () => {};
  const started = new Promise<void>((resolve, reject) => {
    snapshotTaken = resolve;
    startFailed = reject;
  });
  readSnapshot(ctx.db, async (reader) => {
    const plan = exportPlan(input.month, await readMonthCloses(reader));
    snapshotTaken();
    if (!reader.copyCsv) return writeWithStringify(reader, exportParts(plan, input), input, sink);
    // PostgreSQL writes the CSV itself: about 6× the rows per second of parsing the rows into Node and writing them
    // with csv-stringify (bench:export), which DESIGN §5's 200,000 rows/s needs on 2 cores.
    for (const [i, part] of exportParts(plan, { ...input, neutraliseInSql: true }).entries()) {
      for await (const chunk of reader.copyCsv(part.query, { header: i === 0 })) await sink.push(chunk);
    }
  })
    .then(() => sink.close())
    .catch((err) => {
      startFailed(err);
      if (err instanceof ExportCancelled) return;
      console.error("[burnrate] export failed after it started", err);
      sink.fail(err);
    });
  await started;
  // DESIGN §3.7 names the file after the month alone, whatever the format.
  return { filename: `burnrate-${input.month}.csv`, downloadName: downloadFilename(input), stream: sink.stream };
}

/** PGlite: the parts' rows through csv-stringify (which neutralises formula cells), one chunk per FETCH batch. */
async function writeWithStringify(reader: SnapshotReader, parts: ExportPart[], input: ExportInput, sink: ChunkSink): Promise<void> {
  const event = input.granularity === "event";
  const stringifier = stringify({
    header: true,
    columns: [...(input.format === "focus" ? focusColumns(event) : csvColumns(event))],
    escape_formulas: true,
    // Records come out as strings (no Buffer per record).
    readableObjectMode: true,
  });
  const pending: string[] = [];
  stringifier.on("data", (chunk: string) => pending.push(chunk));
  const flush = () => (pending.length > 0 ? sink.push(Buffer.from(pending.splice(0).join(""))) : undefined);
  for (const part of parts) {
    for await (const rows of reader.rows(part.query, FETCH_ROWS)) {
      for (const r of rows) stringifier.write(r);
      await flush();
    }
  }
  stringifier.end(); // writes the header when there was no row
  await finished(stringifier);
  await flush();
}

/**
 * The response body: a byte stream the export pushes into, waiting whenever the reader has two chunks it has not
 * taken yet (backpressure), and failing the export as soon as the reader goes away.
 */
class ChunkSink {
  readonly stream: ReadableStream<Uint8Array>;
  private controller!: ReadableStreamDefaultController<Uint8Array>;
  private wake: (() => void) | null = null;
  private cancelled = false;

  constructor() {
    this.stream = new ReadableStream<Uint8Array>(
      {
        start: (controller) => {
          this.controller = controller;
        },
        pull: () => this.resume(),
        cancel: () => {
          this.cancelled = true;
          this.resume();
        },
      },
      { highWaterMark: 2 },
    );
  }

  async push(chunk: Uint8Array): Promise<void> {
    if (this.cancelled) throw new ExportCancelled();
    this.controller.enqueue(chunk);
    while ((this.controller.desiredSize ?? 0) <= 0 && !this.cancelled) {
      await new Promise<void>((resolve) => {
        this.wake = resolve;
      });
    }
    if (this.cancelled) throw new ExportCancelled();
  }

  close(): void {
    if (!this.cancelled) this.controller.close();
  }

  fail(err: unknown): void {
    if (!this.cancelled) this.controller.error(err);
  }

  private resume(): void {
    const wake = this.wake;
    this.wake = null;
    wake?.();
  }
}
