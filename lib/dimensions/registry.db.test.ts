import { parse } from "csv-parse/sync";
import { sql } from "drizzle-orm";
import { expect, it } from "vitest";
import { queryRows } from "@/db";
import { type Ctx, systemContext } from "@/lib/auth/actor";
import { ExportInput } from "@/lib/export/schemas";
import { exportMonth } from "@/lib/export/stream-export";
import { ingestEvents } from "@/lib/ingest/ingest-events";
import { listSpend } from "@/lib/spend/list-spend";
import { aggregatesAgainstEvents } from "@/scripts/test/aggregates";
import { describeEachDatabase } from "@/scripts/test/databases";
import { sampleEvent, sampleValue } from "@/scripts/test/dimensions";
import { DIMENSIONS, dimensionSpec, STORED_DIMENSIONS, sqlColumn } from "./registry";
import { ROLLUPS } from "./rollups";

const NOW = new Date("2026-11-22T12:00:00Z");
const ingested = DIMENSIONS.filter((d) => dimensionSpec(d).ingest);

// Every check iterates the registry: a declaration without its migration, or a consumer that misses it, fails here.
describeEachDatabase("dimension registry", (t) => {
  const ctx = (): Ctx => ({
    db: t.handle.db,
    actor: { kind: "user", userId: "u-finance", email: "finance@example.com", name: null, role: "finance" },
  });

  it("matches the migrated tables: events and each rollup hold their declared dimensions, typed and NOT NULL as declared", async () => {
    const columns = await queryRows<{ table_name: string; column_name: string; data_type: string; is_nullable: string }>(
      t.handle.db,
      sql`select table_name, column_name, data_type, is_nullable from information_schema.columns where table_schema = current_schema()`,
    );
    const column = (table: string, name: string) => columns.find((c) => c.table_name === table && c.column_name === name);
    for (const table of ["events", ...ROLLUPS.map((r) => r.table)]) {
      const rollup = ROLLUPS.find((r) => r.table === table);
      for (const d of DIMENSIONS) {
        const held = (!rollup || rollup.dims.includes(d as never)) && !dimensionSpec(d).resolvedFrom;
        const c = column(table, d);
        expect(c === undefined ? "missing" : [c.data_type, c.is_nullable], `${table}.${d}`).toEqual(
          held ? [dimensionSpec(d).type, dimensionSpec(d).notNull ? "NO" : "YES"] : "missing",
        );
      }
    }
  });

  it("carries a value of every dimension from ingest to the events, the rollups, the spend query and the export", async () => {
    const result = await ingestEvents(
      systemContext(t.handle.db),
      [sampleEvent({ id: "all-dims", timestamp: "2026-10-12T10:00:00Z" })],
      NOW,
    );
    expect(result).toEqual({ accepted: 1, duplicates: 0, rejected: [] });

    const [stored] = await queryRows<Record<string, unknown>>(
      t.handle.db,
      sql.raw(`select ${STORED_DIMENSIONS.map(sqlColumn).join(", ")} from events where id = 'all-dims'`),
    );
    for (const d of ingested) expect(stored?.[d], d).toEqual(sampleValue(d));
    for (const check of await aggregatesAgainstEvents(t.handle.db)) expect(check.stored, check.table).toEqual(check.expected);

    const input = { from: "2026-10-01", to: "2026-10-31", interval: "none" as const, filters: {} };
    for (const d of DIMENSIONS) {
      const spend = await listSpend(systemContext(t.handle.db), { ...input, groupBy: [d] });
      expect(
        spend.rows.map((r) => r[d]),
        d,
      ).toEqual([ingested.includes(d) ? sampleValue(d) : (stored?.[d] ?? null)]);
    }

    const download = async (query: Record<string, string>) =>
      parse(await new Response((await exportMonth(ctx(), ExportInput.parse({ month: "2026-10", ...query }))).stream).text(), {
        columns: true,
      }) as Record<string, string>[];
    const [csv] = await download({ format: "csv", granularity: "event" });
    for (const d of DIMENSIONS) {
      const exported = dimensionSpec(d).csv !== undefined;
      expect(csv?.[d], d).toBe(exported ? String(stored?.[d]) : undefined);
    }
    const [focus] = await download({ format: "focus", granularity: "day" });
    const tags = JSON.parse(focus?.Tags ?? "{}") as Record<string, string>;
    for (const d of DIMENSIONS) expect(tags[d], d).toBe(dimensionSpec(d).focusTag ? String(stored?.[d]) : undefined);
  });
});
