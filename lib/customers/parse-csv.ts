import { type CsvLineError, readCsvRecords } from "@/lib/validation/csv";
import { CustomerInput } from "./schemas";

export const IMPORT_COLUMNS = ["external_id", "name", "tier", "monthly_revenue_usd"] as const;
export const MAX_IMPORT_ROWS = 10_000;

export type RowError = CsvLineError;

export interface CsvPreview {
  rows: { line: number; customer: CustomerInput }[];
  errors: RowError[];
}

/**
 * A customers CSV: a header naming `external_id,name,tier,monthly_revenue_usd` (any order, extra columns refused),
 * then one customer per line. Every row is checked; errors are collected per line, never stopping at the first.
 * Cells a spreadsheet would run as formulas are taken as text (they are data here, and are neutralised on export).
 */
export function parseCustomerCsv(text: string): CsvPreview {
  const read = readCsvRecords(text);
  if ("error" in read) return { rows: [], errors: [read.error] };
  const [header, ...body] = read.records;
  if (!header) return fileError("The file is empty: start with the header external_id,name,tier,monthly_revenue_usd.");
  const names = header.map((h) => h.toLowerCase());
  const missing = IMPORT_COLUMNS.filter((c) => !names.includes(c));
  const unknown = names.filter((n) => !(IMPORT_COLUMNS as readonly string[]).includes(n));
  if (missing.length > 0 || unknown.length > 0 || new Set(names).size !== names.length) {
    return fileError(
      `The header must name external_id, name, tier and monthly_revenue_usd once each${missing.length ? `; missing: ${missing.join(", ")}` : ""}${unknown.length ? `; unknown: ${unknown.join(", ")}` : ""}.`,
    );
  }
  if (body.length > MAX_IMPORT_ROWS) return fileError(`At most ${MAX_IMPORT_ROWS} rows per file.`);

  const rows: CsvPreview["rows"] = [];
  const errors: RowError[] = [];
  const seen = new Map<string, number>();
  body.forEach((cells, i) => {
    const line = i + 2;
    if (cells.length !== names.length) {
      errors.push({ line, errors: [{ path: "", message: `Expected ${names.length} cells, found ${cells.length}` }] });
      return;
    }
    const record = Object.fromEntries(names.map((n, j) => [n, cells[j]]));
    const parsed = CustomerInput.safeParse(record);
    if (!parsed.success) {
      errors.push({ line, errors: parsed.error.issues.map((is) => ({ path: is.path.join("."), message: is.message })) });
      return;
    }
    const earlier = seen.get(parsed.data.external_id);
    if (earlier !== undefined) {
      errors.push({ line, errors: [{ path: "external_id", message: `Same id as line ${earlier}` }] });
      return;
    }
    seen.set(parsed.data.external_id, line);
    rows.push({ line, customer: parsed.data });
  });
  return { rows, errors };
}

function fileError(message: string): CsvPreview {
  return { rows: [], errors: [{ line: 1, errors: [{ path: "", message }] }] };
}
