import "server-only";
import { asc, count, eq, sql } from "drizzle-orm";
import { cache } from "react";
import { z } from "zod";
import { savedViews, users } from "@/db/schema";
import { recordAudit } from "@/lib/audit/record-audit";
import { type Actor, type Ctx, withTransaction } from "@/lib/auth/actor";
import { assertCan } from "@/lib/auth/permissions";
import { AppError } from "@/lib/errors";
import { SHORTCUTS, viewQuery } from "./view";

/** Saved views the team may keep: the nav lists them all. */
export const MAX_SAVED_VIEWS = 50;

export const SaveViewInput = z.object({
  name: z
    .string()
    .trim()
    .min(1, "Give the view a name")
    .max(60, "At most 60 characters")
    .refine((s) => !/[\p{Cc}]/u.test(s), "No control characters"),
  /** The explorer's query string (with or without a leading `?`). */
  query: z.string().max(4000, "The view's link is too long"),
});
export type SaveViewInput = z.infer<typeof SaveViewInput>;

export interface SavedView {
  id: string;
  name: string;
  /** The explorer's query string, canonical (`viewQuery`): `/spend?${query}` opens the view. */
  query: string;
  createdBy: string | null;
  createdByName: string | null;
  createdAt: Date;
}

/** The creator of a view or an admin may delete it (trusted jobs too). */
export function canDeleteView(actor: Actor, view: Pick<SavedView, "createdBy">): boolean {
  if (actor.kind === "system") return true;
  if (actor.kind !== "user") return false;
  return actor.role === "admin" || (view.createdBy !== null && view.createdBy === actor.userId);
}

/** Its query when it still is a view the explorer accepts, else null (a dimension or parameter since removed). */
function validQuery(query: string, now: Date): string | null {
  try {
    return viewQuery(new URLSearchParams(query), now);
  } catch (err) {
    if (err instanceof AppError && err.code === "invalid_query") return null;
    throw err;
  }
}

/** Every saved view by name (case-insensitively). A stored query the explorer no longer accepts is left out, not shown broken. */
export async function listSavedViews(ctx: Ctx, now = new Date()): Promise<SavedView[]> {
  assertCan(ctx.actor, "dashboards:read");
  const rows = await ctx.db
    .select({
      id: savedViews.id,
      name: savedViews.name,
      query: savedViews.query,
      createdBy: savedViews.createdBy,
      createdByName: sql<string | null>`coalesce(${users.name}, ${users.email})`,
      createdAt: savedViews.createdAt,
    })
    .from(savedViews)
    .leftJoin(users, eq(users.id, savedViews.createdBy))
    .orderBy(sql`lower(${savedViews.name})`, asc(savedViews.createdAt));
  return rows.flatMap((r) => {
    const query = validQuery(r.query, now);
    return query === null ? [] : [{ ...r, query }];
  });
}

/**
 * `listSavedViews` once per request: the dashboard's nav and the Spend explorer both show them, and a request's
 * `requireUser` contexts share their database and actor, so the second caller gets the first one's read.
 */
export const listSavedViewsOnce = cache((db: Ctx["db"], actor: Actor) => listSavedViews({ db, actor }));

const nameTaken = (name: string) => new AppError("conflict", `A saved view named "${name}" already exists (names ignore case).`);

/** Saves a view for the whole team under a unique name; any member who reads dashboards may. */
export async function saveView(ctx: Ctx, raw: unknown, now = new Date()): Promise<SavedView> {
  assertCan(ctx.actor, "dashboards:read");
  const input = SaveViewInput.parse(raw);
  const query = viewQuery(new URLSearchParams(input.query.replace(/^\?/, "")), now);
  const createdBy = ctx.actor.kind === "user" ? ctx.actor.userId : null;
  return withTransaction(ctx, async (ctx) => {
    // One saver at a time, so the cap holds under concurrent saves.
    await ctx.db.execute(sql`lock table saved_views in share row exclusive mode`);
    const [{ n } = { n: 0 }] = await ctx.db.select({ n: count() }).from(savedViews);
    // The nav lists each view once: one link per query.
    const shortcut = SHORTCUTS.find((s) => query === `group_by=${s.dimension}`);
    if (shortcut) throw new AppError("conflict", `This view is already in the nav as "${shortcut.label}".`);
    const [same] = await ctx.db.select({ name: savedViews.name }).from(savedViews).where(eq(savedViews.query, query));
    if (same) throw new AppError("conflict", `This view is already saved as "${same.name}".`);
    if (n >= MAX_SAVED_VIEWS)
      throw new AppError("conflict", `The team already has ${MAX_SAVED_VIEWS} saved views, the most it may keep: delete one first.`);
    const [row] = await ctx.db.insert(savedViews).values({ name: input.name, query, createdBy }).onConflictDoNothing().returning();
    if (!row) throw nameTaken(input.name);
    await recordAudit(ctx, { action: "saved_view.created", target: row.name, details: { id: row.id, query } });
    return { ...row, createdByName: ctx.actor.kind === "user" ? (ctx.actor.name ?? ctx.actor.email) : null };
  });
}

/** Deletes a saved view: its creator or an admin. 404 for an unknown id, 403 for anyone else. */
export async function deleteSavedView(ctx: Ctx, id: string): Promise<void> {
  assertCan(ctx.actor, "dashboards:read");
  if (!z.uuid().safeParse(id).success) throw new AppError("not_found", "No saved view with this id.");
  await withTransaction(ctx, async (ctx) => {
    const [view] = await ctx.db
      .select({ name: savedViews.name, query: savedViews.query, createdBy: savedViews.createdBy })
      .from(savedViews)
      .where(eq(savedViews.id, id))
      .for("update");
    if (!view) throw new AppError("not_found", "No saved view with this id; it may have been deleted.");
    if (!canDeleteView(ctx.actor, view)) throw new AppError("forbidden", "Only the member who saved this view or an admin may delete it.");
    await ctx.db.delete(savedViews).where(eq(savedViews.id, id));
    await recordAudit(ctx, { action: "saved_view.deleted", target: view.name, details: { id, query: view.query } });
  });
}
