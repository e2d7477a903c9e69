import "server-only";
import { sql } from "drizzle-orm";
import { queryRows } from "@/db";
import { recordAudit } from "@/lib/audit/record-audit";
import { type Ctx, withTransaction } from "@/lib/auth/actor";
import { assertCan } from "@/lib/auth/permissions";
import { AppError, type ErrorDetail } from "@/lib/errors";
import { type CsvLineError, readCsvRecords } from "@/lib/validation/csv";
import { kindSpec, parseAliasList } from "./kinds";
import { linkAlias } from "./manage-people";
import { isUserKind } from "./resolve";
import { PersonInput } from "./schemas";

export const PEOPLE_IMPORT_COLUMNS = ["name", "email", "team", "aliases"] as const;
const REQUIRED = ["name", "email"];
const MAX_ROWS = 5_000;

export type RowError = CsvLineError;

export interface PeoplePreview {
  rows: { line: number; person: PersonInput; action: "create" | "update" }[];
  errors: RowError[];
}

/**
 * A people CSV: a header naming `name,email` and optionally `team,aliases` (any order), then one person per line.
 * `aliases` holds `kind:value` pairs separated by `;` (e.g. `github_login:dana-okafor; openai_api_key_id:key_abc`).
 * Every line is checked and errors are collected per line; an alias two lines claim is an error on both.
 */
export function parsePeopleCsv(text: string): Omit<PeoplePreview, "rows"> & { rows: { line: number; person: PersonInput }[] } {
  const read = readCsvRecords(text);
  if ("error" in read) return { rows: [], errors: [read.error] };
  const [header, ...body] = read.records;
  if (!header) return fileError("The file is empty: start with the header name,email,team,aliases.");
  const names = header.map((h) => h.toLowerCase());
  const missing = REQUIRED.filter((c) => !names.includes(c));
  const unknown = names.filter((n) => !(PEOPLE_IMPORT_COLUMNS as readonly string[]).includes(n));
  if (missing.length > 0 || unknown.length > 0 || new Set(names).size !== names.length)
    return fileError(
      `The header must name name and email (and optionally team, aliases) once each${missing.length ? `; missing: ${missing.join(", ")}` : ""}${unknown.length ? `; unknown: ${unknown.join(", ")}` : ""}.`,
    );
  if (body.length > MAX_ROWS) return fileError(`At most ${MAX_ROWS} people per file.`);

  const rows: { line: number; person: PersonInput }[] = [];
  const errors = new Map<number, ErrorDetail[]>();
  const fail = (line: number, path: string, message: string): void => {
    errors.set(line, [...(errors.get(line) ?? []), { path, message }]);
  };
  body.forEach((cells, i) => {
    const line = i + 2;
    if (cells.length !== names.length) {
      fail(line, "", `Expected ${names.length} cells, found ${cells.length}`);
      return;
    }
    const record = Object.fromEntries(names.map((n, j) => [n, cells[j]]));
    const aliases = parseAliasList(record.aliases ?? "");
    const parsed = PersonInput.safeParse({ name: record.name, email: record.email, team: record.team, aliases });
    if (!parsed.success) {
      for (const is of parsed.error.issues) fail(line, is.path.join("."), is.message);
      return;
    }
    rows.push({ line, person: parsed.data });
  });

  // Within the file: one line per email, one owner per alias (and per value an event's user matches).
  const claims = new Map<string, number[]>();
  const claim = (key: string, line: number) => claims.set(key, [...(claims.get(key) ?? []), line]);
  for (const { line, person } of rows) {
    claim(`email ${person.email}`, line);
    // A primary email is also what an event's user matches: another line may not claim it as an alias.
    claim(`user ${person.email}`, line);
    for (const a of person.aliases) {
      if (kindSpec(a.kind).matches.includes("event_user")) claim(`user ${a.value.toLowerCase()}`, line);
      else claim(`alias ${a.kind}:${a.value}`, line);
    }
    // A person's own email as an alias is theirs; only other lines' claims clash.
  }
  for (const { line, person } of rows)
    claims.set(`user ${person.email}`, [...new Set([...(claims.get(`user ${person.email}`) ?? []), line])]);
  for (const [key, lines] of claims) {
    const distinct = [...new Set(lines)];
    if (distinct.length < 2) continue;
    const what = key.startsWith("email ") ? `the email ${key.slice(6)}` : `the alias ${key.replace(/^(user|alias) /, "")}`;
    for (const line of distinct)
      fail(line, key.startsWith("email ") ? "email" : "aliases", `${what} is claimed on lines ${distinct.join(" and ")}`);
  }
  const bad = new Set(errors.keys());
  return {
    rows: rows.filter((r) => !bad.has(r.line)),
    errors: [...errors].map(([line, errs]) => ({ line, errors: errs })).sort((a, b) => a.line - b.line),
  };
}

function fileError(message: string) {
  return { rows: [], errors: [{ line: 1, errors: [{ path: "", message }] }] };
}

/** Parses and checks a CSV against the directory without writing: what Settings → People shows before importing. */
export async function previewPeopleImport(ctx: Ctx, text: string): Promise<PeoplePreview> {
  assertCan(ctx.actor, "people:manage");
  const parsed = parsePeopleCsv(text);
  if (parsed.rows.length === 0) return { ...parsed, rows: [] };
  const [existing, owned] = await Promise.all([
    queryRows<{ email: string }>(
      ctx.db,
      sql`select email from people where email in (select jsonb_array_elements_text(${JSON.stringify(parsed.rows.map((r) => r.person.email))}::jsonb))`,
    ),
    ownedElsewhere(ctx, parsed.rows),
  ]);
  const known = new Set(existing.map((e) => e.email));
  const errors = [...parsed.errors, ...owned].sort((a, b) => a.line - b.line);
  const bad = new Set(owned.map((o) => o.line));
  return {
    rows: parsed.rows.filter((r) => !bad.has(r.line)).map((r) => ({ ...r, action: known.has(r.person.email) ? "update" : "create" })),
    errors,
  };
}

/** Aliases of the file that already belong to someone other than the line's person (by email), as line errors. */
async function ownedElsewhere(ctx: Ctx, rows: { line: number; person: PersonInput }[]): Promise<RowError[]> {
  const claims = rows.flatMap(({ line, person }) =>
    person.aliases.map((a) => ({
      line,
      email: person.email,
      kind: a.kind,
      value: a.value,
      user: kindSpec(a.kind).matches.includes("event_user"),
    })),
  );
  if (claims.length === 0) return [];
  const found = await queryRows<{ line: number; kind: string; value: string; name: string; owner: string }>(
    ctx.db,
    sql`select distinct x.line, x.kind, x.value, p.name, p.email as owner
      from jsonb_to_recordset(${JSON.stringify(claims)}::jsonb) as x(line int, email text, kind text, value text, "user" boolean)
      join people p on p.email <> x.email and (
        exists (select 1 from person_aliases a where a.person_id = p.id and a.kind = x.kind and a.value = x.value)
        or (x."user" and (p.email = lower(x.value) or exists (
          select 1 from person_aliases a where a.person_id = p.id and lower(a.value) = lower(x.value) and ${isUserKind("a")})))
      )
      order by x.line`,
  );
  const byLine = new Map<number, ErrorDetail[]>();
  for (const f of found)
    byLine.set(f.line, [
      ...(byLine.get(f.line) ?? []),
      { path: "aliases", message: `${f.kind}:${f.value} already belongs to ${f.name} <${f.owner}>` },
    ]);
  return [...byLine].map(([line, errors]) => ({ line, errors }));
}

/**
 * Imports a people CSV: every line or none. A line whose email is known updates that person's name and team (a
 * blank team keeps theirs) and adds its aliases; the others are added. Any error — in a line, or an alias someone
 * else holds — refuses the whole file naming the lines, and the writes share one transaction.
 */
export async function importPeople(ctx: Ctx, text: string): Promise<{ created: number; updated: number; aliases: number }> {
  assertCan(ctx.actor, "people:manage");
  const preview = await previewPeopleImport(ctx, text);
  if (preview.errors.length > 0)
    throw new AppError(
      "validation_failed",
      `Nothing was imported: line${preview.errors.length === 1 ? "" : "s"} ${preview.errors.map((e) => e.line).join(", ")} ${preview.errors.length === 1 ? "has" : "have"} errors.`,
      preview.errors.flatMap((e) => e.errors.map((m) => ({ path: `line ${e.line}${m.path ? ` ${m.path}` : ""}`, message: m.message }))),
    );
  if (preview.rows.length === 0) throw new AppError("validation_failed", "The file has no people.");
  return withTransaction(ctx, async (ctx) => {
    let created = 0;
    let aliases = 0;
    for (const { line, person: p } of preview.rows) {
      const [row] = await queryRows<{ id: string; inserted: boolean }>(
        ctx.db,
        sql`insert into people (name, email, team) values (${p.name}, ${p.email}, ${p.team})
          on conflict (email) do update set name = excluded.name, team = coalesce(excluded.team, people.team), updated_at = now()
          returning id::text as id, (xmax = 0) as inserted`,
      );
      if (!row) continue;
      if (row.inserted) created++;
      for (const alias of p.aliases) {
        try {
          await linkAlias(ctx, row.id, alias);
        } catch (err) {
          if (err instanceof AppError) throw new AppError(err.code, `Nothing was imported: line ${line}: ${err.message}`, err.details);
          throw err;
        }
        aliases++;
      }
    }
    const result = { created, updated: preview.rows.length - created, aliases };
    await recordAudit(ctx, { action: "people.imported", details: { rows: preview.rows.length, ...result } });
    return result;
  });
}
