import { parse } from "csv-parse/sync";

/** A problem with an uploaded CSV, by line (1 = the header). */
export interface CsvLineError {
  line: number;
  errors: { path: string; message: string }[];
}

/**
 * An uploaded CSV as records (a BOM dropped, empty lines skipped, cells trimmed, rows of any length), or the one
 * error that refuses the whole file: larger than 1 MiB, or not readable as CSV (with the line it broke on). Cells a
 * spreadsheet would run as formulas are taken as text: they are data here, and are neutralised on export.
 */
export function readCsvRecords(text: string): { records: string[][] } | { error: CsvLineError } {
  if (Buffer.byteLength(text, "utf8") > 1024 * 1024)
    return { error: { line: 1, errors: [{ path: "", message: "The file is larger than 1 MiB; split it." }] } };
  try {
    return { records: parse(text.replace(/^\uFEFF/, ""), { skip_empty_lines: true, relax_column_count: true, trim: true }) };
  } catch (err) {
    const line = (err as { lines?: number }).lines ?? 1;
    return { error: { line, errors: [{ path: "", message: `Not a readable CSV: ${(err as Error).message}` }] } };
  }
}
