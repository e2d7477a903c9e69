import "server-only";
import { and, eq, ne, sql } from "drizzle-orm";
import { z } from "zod";
import { queryRows } from "@/db";
import { people, personAliases } from "@/db/schema";
import { recordAudit } from "@/lib/audit/record-audit";
import { type Ctx, type TxCtx, withTransaction } from "@/lib/auth/actor";
import { assertCan } from "@/lib/auth/permissions";
import { utcToday } from "@/lib/dates/calendar";
import { AppError } from "@/lib/errors";
import { kindSpec } from "./kinds";
import { getPerson, type Person } from "./queries";
import { isUserKind } from "./resolve";
import { AliasInput, PersonInput, PersonPatch } from "./schemas";

function assertUuid(id: string): void {
  if (!z.uuid().safeParse(id).success) throw new AppError("not_found", "No such person.");
}

const emailTaken = (email: string, owner: { name: string }) =>
  new AppError("conflict", `${owner.name} already has the email ${email}.`, [{ path: "email", message: `belongs to ${owner.name}` }]);

/** Adds a person with their aliases (admin). Their primary email resolves their events at once. */
export async function createPerson(ctx: Ctx, input: unknown): Promise<{ id: string }> {
  assertCan(ctx.actor, "people:manage");
  const p = PersonInput.parse(input);
  return withTransaction(ctx, async (ctx) => {
    const id = await insertPerson(ctx, p);
    await recordAudit(ctx, {
      action: "person.created",
      target: p.email,
      details: { name: p.name, team: p.team, aliases: p.aliases.length },
    });
    return { id };
  });
}

/** Inserts a person and links their aliases inside the caller's transaction (also the CSV import's step). */
export async function insertPerson(ctx: TxCtx, p: PersonInput): Promise<string> {
  await lockUserValue(ctx, p.email);
  await assertEmailFree(ctx, p.email, null);
  const [row] = await ctx.db
    .insert(people)
    .values({ name: p.name, email: p.email, team: p.team, activeFrom: p.active_from, leftOn: p.left_on })
    .onConflictDoNothing({ target: people.email })
    .returning({ id: people.id });
  if (!row) {
    const [owner] = await ctx.db.select({ name: people.name }).from(people).where(eq(people.email, p.email));
    throw emailTaken(p.email, owner ?? { name: "Another person" });
  }
  for (const alias of p.aliases) await linkAlias(ctx, row.id, alias);
  return row.id;
}

/** Changes a person's name, email, team or dates (admin). A team change re-attributes their untagged events' team. */
export async function updatePerson(ctx: Ctx, id: string, input: unknown): Promise<Person> {
  assertCan(ctx.actor, "people:manage");
  assertUuid(id);
  const patch = PersonPatch.parse(input);
  return withTransaction(ctx, async (ctx) => {
    // The dates are checked against the stored ones before the update: the table's check would otherwise fail it (a 500).
    const [current] = await ctx.db
      .select({ activeFrom: people.activeFrom, leftOn: people.leftOn })
      .from(people)
      .where(eq(people.id, id))
      .for("update");
    if (!current) throw new AppError("not_found", "No such person; they may have been removed.");
    const activeFrom = patch.active_from !== undefined ? patch.active_from : current.activeFrom;
    const leftOn = patch.left_on !== undefined ? patch.left_on : current.leftOn;
    if (activeFrom && leftOn && leftOn < activeFrom)
      throw new AppError("validation_failed", "The request is not valid.", [
        { path: patch.left_on !== undefined ? "left_on" : "active_from", message: "left_on must not be before active_from" },
      ]);
    if (patch.email !== undefined) {
      await lockUserValue(ctx, patch.email);
      await assertEmailFree(ctx, patch.email, id);
      const [clash] = await ctx.db
        .select({ name: people.name })
        .from(people)
        .where(and(eq(people.email, patch.email), ne(people.id, id)));
      if (clash) throw emailTaken(patch.email, clash);
    }
    const [row] = await ctx.db
      .update(people)
      .set({
        ...(patch.name !== undefined ? { name: patch.name } : {}),
        ...(patch.email !== undefined ? { email: patch.email } : {}),
        ...(patch.team !== undefined ? { team: patch.team } : {}),
        ...(patch.active_from !== undefined ? { activeFrom: patch.active_from } : {}),
        ...(patch.left_on !== undefined ? { leftOn: patch.left_on } : {}),
        updatedAt: sql`now()`,
      })
      .where(eq(people.id, id))
      .returning({ id: people.id, email: people.email });
    if (!row) throw new AppError("not_found", "No such person; they may have been removed.");
    await recordAudit(ctx, { action: "person.updated", target: row.email, details: patch });
    return (await getPerson(ctx, id)) as Person;
  });
}

/**
 * `DELETE /api/v1/people/{id}`: marks the person left (today, unless a leaving date is set) and keeps their aliases,
 * so their history stays attributed to them; they leave the directory's active list. Deleting again is a no-op.
 */
export async function markPersonLeft(ctx: Ctx, id: string, now = new Date()): Promise<Person> {
  assertCan(ctx.actor, "people:manage");
  assertUuid(id);
  return withTransaction(ctx, async (ctx) => {
    const [row] = await ctx.db
      .update(people)
      .set({ leftOn: sql`coalesce(${people.leftOn}, greatest(${utcToday(now)}::date, ${people.activeFrom}))`, updatedAt: sql`now()` })
      .where(eq(people.id, id))
      .returning({ email: people.email, leftOn: people.leftOn });
    if (!row) throw new AppError("not_found", "No such person.");
    await recordAudit(ctx, { action: "person.left", target: row.email, details: { left_on: row.leftOn } });
    return (await getPerson(ctx, id)) as Person;
  });
}

/**
 * `POST /api/v1/people/{id}/aliases`: links an identity to a person (admin). An alias belongs to one person: one that
 * is already someone else's — the same kind and value, or a value an event's user matches that is another person's
 * email or alias — is 409 `alias_taken` naming the owner. Linking an alias the person already has is a no-op. Of two
 * concurrent links of one alias, the primary key lets one win; the other gets the 409.
 */
export async function addAlias(ctx: Ctx, personId: string, input: unknown): Promise<{ kind: string; value: string; person_id: string }> {
  assertCan(ctx.actor, "people:manage");
  assertUuid(personId);
  const alias = AliasInput.parse(input);
  return withTransaction(ctx, async (ctx) => {
    const [person] = await ctx.db.select({ email: people.email }).from(people).where(eq(people.id, personId));
    if (!person) throw new AppError("not_found", "No such person.");
    await linkAlias(ctx, personId, alias);
    await recordAudit(ctx, { action: "person.alias_linked", target: person.email, details: alias });
    return { ...alias, person_id: personId };
  });
}

export async function linkAlias(ctx: TxCtx, personId: string, alias: AliasInput): Promise<void> {
  if (kindSpec(alias.kind).matches.includes("event_user")) {
    await lockUserValue(ctx, alias.value);
    await assertUserValueFree(ctx, alias.value, personId);
  }
  const inserted = await ctx.db
    .insert(personAliases)
    .values({ kind: alias.kind, value: alias.value, personId })
    .onConflictDoNothing()
    .returning();
  if (inserted.length > 0) return;
  const [owner] = await ownersOf(ctx, sql`a.kind = ${alias.kind} and a.value = ${alias.value}`);
  if (owner && owner.id !== personId) throw aliasTaken(alias, owner);
}

/** Unlinks an alias (Settings → People): the events it matched go back to "no person" (the unmapped list). */
export async function removeAlias(ctx: Ctx, personId: string, input: unknown): Promise<void> {
  assertCan(ctx.actor, "people:manage");
  assertUuid(personId);
  const alias = AliasInput.parse(input);
  await withTransaction(ctx, async (ctx) => {
    const [row] = await ctx.db
      .delete(personAliases)
      .where(and(eq(personAliases.kind, alias.kind), eq(personAliases.value, alias.value), eq(personAliases.personId, personId)))
      .returning({ personId: personAliases.personId });
    if (!row) throw new AppError("not_found", "This person has no such alias.");
    await recordAudit(ctx, { action: "person.alias_unlinked", target: `${alias.kind}:${alias.value}` });
  });
}

interface Owner {
  id: string;
  name: string;
  email: string;
}

function aliasTaken(alias: AliasInput, owner: Owner): AppError {
  return new AppError("alias_taken", `${alias.kind} "${alias.value}" already belongs to ${owner.name} <${owner.email}>.`, [
    { path: "value", message: `belongs to ${owner.name} <${owner.email}> (person ${owner.id})` },
  ]);
}

async function ownersOf(ctx: TxCtx, where: ReturnType<typeof sql>): Promise<Owner[]> {
  return queryRows<Owner>(
    ctx.db,
    sql`select p.id::text as id, p.name, p.email from person_aliases a join people p on p.id = a.person_id where ${where}`,
  );
}

/**
 * Serialises claims on one value an event's user matches, whatever their kinds (the primary key only serialises
 * the same kind): two people claiming it at once under two kinds, or as an alias and a primary email, take turns, so
 * the second sees the first's claim and gets alias_taken. Held to the transaction's end.
 */
async function lockUserValue(ctx: TxCtx, value: string): Promise<void> {
  await ctx.db.execute(sql`select pg_advisory_xact_lock(hashtextextended(${`burnrate.person:${value.toLowerCase()}`}, 0))`);
}

/** A value an event's user matches (case-insensitively) must not already be another person's email or such alias. */
async function assertUserValueFree(ctx: TxCtx, value: string, personId: string): Promise<void> {
  const lower = value.toLowerCase();
  const [byEmail] = await queryRows<Owner>(
    ctx.db,
    sql`select id::text as id, name, email from people where email = ${lower} and id <> ${personId}::uuid`,
  );
  const [byAlias] = byEmail
    ? [byEmail]
    : await ownersOf(ctx, sql`${isUserKind("a")} and lower(a.value) = ${lower} and a.person_id <> ${personId}::uuid`);
  const owner = byEmail ?? byAlias;
  if (owner)
    throw new AppError("alias_taken", `"${value}" already identifies ${owner.name} <${owner.email}>.`, [
      { path: "value", message: `belongs to ${owner.name} <${owner.email}> (person ${owner.id})` },
    ]);
}

/** A primary email must not be another person's user-matching alias (it would resolve the same events twice). */
export async function assertEmailFree(ctx: TxCtx, email: string, personId: string | null): Promise<void> {
  const [owner] = await ownersOf(
    ctx,
    sql`${isUserKind("a")} and lower(a.value) = ${email} ${personId ? sql`and a.person_id <> ${personId}::uuid` : sql``}`,
  );
  if (owner)
    throw new AppError("alias_taken", `${email} is already an alias of ${owner.name} <${owner.email}>.`, [
      { path: "email", message: `belongs to ${owner.name} <${owner.email}> (person ${owner.id})` },
    ]);
}
