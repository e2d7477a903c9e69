import { is } from "drizzle-orm";
import { getTableConfig, PgDialect, PgTable } from "drizzle-orm/pg-core";
import { describe, expect, it } from "vitest";
import * as schema from "@/db/schema";
import { DIMENSION_LABELS } from "@/lib/explorer/view";
import { exportParts } from "@/lib/export/export-sql";
import { exportPlan } from "@/lib/export/plan";
import { CSV_COLUMNS, csvColumns, EVENT_COLUMNS } from "@/lib/export/rows";
import { aggregateCtes } from "@/lib/ingest/aggregates-sql";
import { EventInput, parseEvent } from "@/lib/ingest/schemas";
import { ATTRIBUTION_FIELDS, readAttribution } from "@/lib/otlp/attribution";
import { spendSourceFor } from "@/lib/spend/list-spend";
import { parseSpendQuery } from "@/lib/spend/schemas";
import { sampleEvent, sampleValue } from "@/scripts/test/dimensions";
import { makeEvent } from "@/scripts/test/events";
import { DIMENSIONS, type Dimension, dimensionSpec, REGISTRY, STORED_DIMENSIONS, sqlColumn } from "./registry";
import { narrowestRollup, ROLLUPS, rollupFor, rollupKeySql } from "./rollups";

// Every check iterates the registry: a new declaration is checked against every consumer without editing this file.
const NOW = new Date("2026-11-22T12:00:00Z");
const dialect = new PgDialect();
const sqlText = (q: Parameters<PgDialect["sqlToQuery"]>[0]) => dialect.sqlToQuery(q).sql;
const pairs = DIMENSIONS.flatMap((a, i) => DIMENSIONS.slice(i + 1).map((b) => [a, b] as const));

/** The value as a query string or an OTLP attribute carries it (text), and as the API returns it. */
const asText = (d: Dimension) => String(sampleValue(d)).toUpperCase();
const parsed = (d: Dimension) => {
  const v = sampleValue(d);
  return typeof v === "string" && dimensionSpec(d).lowercase ? v.toLowerCase() : v;
};

describe.each(DIMENSIONS)("dimension %s", (d) => {
  const spec = dimensionSpec(d);

  it("is a group_by and a filter of the spend query, its values typed as declared", () => {
    const raw = spec.lowercase ? asText(d) : String(sampleValue(d));
    const input = parseSpendQuery(
      new URLSearchParams([
        ["group_by", d],
        [d, raw],
        [d, ""],
      ]),
      NOW,
    );
    expect(input.groupBy).toEqual([d]);
    expect(input.filters[d]).toEqual([parsed(d), null]);
  });

  it("is read from the narrowest rollup that declares it, else from the events", () => {
    const expected = ROLLUPS.find((r) => spec.rollups.includes(r.name))?.table ?? "events";
    expect(spendSourceFor({ groupBy: [d], filters: {} })).toBe(expected);
    expect(spendSourceFor({ groupBy: [], filters: { [d]: [null] } })).toBe(expected);
  });

  it("is in the event schema with its declared rule, or not accepted from callers when it has none", () => {
    const shape = EventInput.shape as Record<string, unknown>;
    if (!spec.ingest) {
      expect(shape[d]).toBeUndefined();
      const r = parseEvent(makeEvent({ [d]: sampleValue(d) }), NOW);
      expect(r.ok ? [] : r.errors).toContainEqual({ path: d, message: "is not a known field" });
      return;
    }
    expect(shape[d]).toBe(spec.ingest.rule);
    const sample = parseEvent(sampleEvent(), NOW);
    expect(sample.ok && (sample.event as Record<string, unknown>)[d]).toEqual(parsed(d));
    if (spec.ingest.blank === "unset") {
      for (const blank of ["", null]) {
        const r = parseEvent(makeEvent({ [d]: blank }), NOW);
        expect(r.ok && (r.event as Record<string, unknown>)[d]).toBe(spec.ingest.default);
      }
    }
  });

  it("is a CSV column where declared: in every row in registry order, or in the event columns at its position", () => {
    if (spec.csv === "day") {
      const dayDims = CSV_COLUMNS.filter((c) => c in REGISTRY);
      expect(dayDims).toEqual(DIMENSIONS.filter((x) => dimensionSpec(x).csv === "day"));
      expect(CSV_COLUMNS.indexOf(d)).toBe(1 + dayDims.indexOf(d));
    } else if (spec.csv) {
      expect(EVENT_COLUMNS[1 + spec.csv.event]).toBe(d);
    } else {
      expect(csvColumns(true)).not.toContain(d);
    }
  });

  it("is tagged in the FOCUS export where declared (a CSV column in every row: FOCUS rows are computed from them)", () => {
    if (spec.focusTag) expect(spec.csv).toBe("day");
    const plan = exportPlan("2026-10", []);
    for (const granularity of ["day", "event"] as const)
      for (const part of exportParts(plan, { format: "focus", granularity }))
        expect(sqlText(part.query).includes(`'${d}', b.${sqlColumn(d)}`)).toBe(spec.focusTag === true);
  });

  it("is set by its OpenTelemetry keys (ours first), or by none", () => {
    const keys: string[] = [...(spec.otlp?.keys ?? [])];
    expect(ATTRIBUTION_FIELDS.includes(d as never)).toBe(keys.length > 0);
    if (keys.length === 0) {
      expect(readAttribution({ [`burnrate.${d}`]: asText(d) }, {})).toEqual({});
      return;
    }
    const value = (attrs: Record<string, string>) => (readAttribution(attrs, {}) as Record<string, unknown>)[d];
    const expected = spec.type === "text" ? (spec.otlp?.lowercase ? asText(d).toLowerCase() : asText(d)) : sampleValue(d);
    for (const key of keys) {
      expect(value({ [key]: asText(d) })).toEqual(expected);
      expect((readAttribution({}, { [key]: asText(d) }) as Record<string, unknown>)[d]).toEqual(expected);
    }
    // Our own key wins over a standard one, whichever attribute set holds it.
    if (keys.length > 1) expect(value({ [keys[1] as string]: "other", [keys[0] as string]: asText(d) })).toEqual(expected);
    if (keys.length > 1)
      expect((readAttribution({ [keys[1] as string]: "other" }, { [keys[0] as string]: asText(d) }) as Record<string, unknown>)[d]).toEqual(
        expected,
      );
  });

  it("has its label on screen", () => {
    expect(DIMENSION_LABELS[d]).toBe(spec.label);
    expect(spec.label).not.toBe("");
  });

  it("is a column of events and of each rollup that declares it, typed and NOT NULL as declared", () => {
    const table = (name: string) =>
      (Object.values(schema) as unknown[])
        .filter((v): v is PgTable => is(v, PgTable))
        .map((x) => getTableConfig(x))
        .find((c) => c.name === name);
    const expectColumn = (name: string) => {
      const column = table(name)?.columns.find((c) => c.name === d);
      expect(column?.getSQLType(), name).toBe(spec.type);
      expect(column?.notNull, name).toBe(spec.notNull);
    };
    if (spec.resolvedFrom) {
      // Resolved when read (lib/people), from columns each rollup declaring it holds.
      for (const name of ["events", ...ROLLUPS.map((r) => r.table)]) expect(table(name)?.columns.find((c) => c.name === d)).toBeUndefined();
      for (const r of ROLLUPS.filter((x) => spec.rollups.includes(x.name)))
        for (const from of spec.resolvedFrom) expect(r.dims as readonly string[]).toContain(from);
      return;
    }
    expectColumn("events");
    for (const r of ROLLUPS) {
      if (spec.rollups.includes(r.name)) expectColumn(r.table);
      else expect(table(r.table)?.columns.find((c) => c.name === d)).toBeUndefined();
    }
  });
});

describe("rollups", () => {
  it("hold exactly the dimensions that declare them, in registry order, each also holding the narrower ones'", () => {
    for (const [i, r] of ROLLUPS.entries()) {
      expect(r.dims).toEqual(STORED_DIMENSIONS.filter((d) => dimensionSpec(d).rollups.includes(r.name)));
      expect(r.holds).toEqual(DIMENSIONS.filter((d) => dimensionSpec(d).rollups.includes(r.name)));
      for (const narrower of ROLLUPS.slice(0, i)) expect(narrower.holds.every((d) => r.holds.includes(d))).toBe(true);
    }
  });

  it("for any two dimensions, the chosen rollup holds both and no narrower one does", () => {
    for (const [a, b] of pairs) {
      const chosen = narrowestRollup([a, b]);
      const holding = ROLLUPS.filter((r) => r.holds.includes(a) && r.holds.includes(b));
      expect(chosen?.table ?? "events").toBe(holding[0]?.table ?? "events");
      expect(spendSourceFor({ groupBy: [a], filters: { [b]: [null] } })).toBe(chosen?.table ?? "events");
      if (chosen) expect(rollupFor([a, b])).toBe(chosen.table);
    }
  });

  it("are upserted by ingest with their key over every dimension they hold", () => {
    const ctes = aggregateCtes("ins");
    for (const r of ROLLUPS) {
      expect(ctes).toContain(`insert into ${r.table} as r (day, dims_key, ${r.dims.map(sqlColumn).join(", ")},`);
      expect(ctes).toContain(rollupKeySql(r));
      for (const d of r.dims) expect(rollupKeySql(r)).toContain(sqlColumn(d));
    }
  });
});
