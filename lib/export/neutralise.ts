/**
 * The first characters csv-stringify's `escape_formulas` neutralises with a leading `'`: = + - @ tab CR and the
 * full-width = + - @, as code points (`ascii()` reads the first one without building a substring).
 */
const FORMULA_START = "(61, 43, 45, 64, 9, 13, 65309, 65291, 65293, 65312)";

/**
 * A select-list cell `expr as alias`; with `neutralise` (PostgreSQL writes the CSV itself, with COPY), a value a
 * spreadsheet would run as a formula gets the same leading `'` csv-stringify gives it otherwise.
 */
export function textCell(expr: string, alias: string, neutralise: boolean): string {
  return neutralise
    ? `case when ascii(${expr}) in ${FORMULA_START} then chr(39) || ${expr} else ${expr} end as ${alias}`
    : `${expr} as ${alias}`;
}

/** A string as an SQL literal (for constants of our own: names, periods). */
export const literal = (value: string) => `'${value.replaceAll("'", "''")}'`;
