"use server";

import { revalidatePath } from "next/cache";
import { z } from "zod";
import { action } from "@/lib/http/action";
import { runAction } from "@/lib/http/action-state";
import { formFile, formText, IdForm } from "@/lib/http/form-data";
import { importFromGithubOrg } from "@/lib/people/github-import";
import { importPeople, type PeoplePreview, previewPeopleImport } from "@/lib/people/import-people";
import { parseAliasList } from "@/lib/people/kinds";
import { addAlias, createPerson, markPersonLeft, removeAlias, updatePerson } from "@/lib/people/manage-people";

const PATH = "/settings/people";
const REVALIDATE = [PATH, "/people", "/me", "/"];

/** `id` is set when editing (aliases then change one at a time); `aliases` is `kind:value` pairs, one per line. */
const PersonForm = z.object({ id: formText(), name: formText(), email: formText(), team: formText(), aliases: formText() });
const AliasForm = z.object({ person_id: formText(), kind: formText(), value: formText() });
const ImportForm = z.object({ file: formFile(), csv: formText(), intent: formText() });

export const savePersonAction = action(
  { permission: "people:manage", schema: PersonForm, revalidate: REVALIDATE, values: ({ id: _, ...values }) => values },
  async (ctx, { id, aliases, ...values }) => {
    if (id) {
      await updatePerson(ctx, id, values);
      return { redirect: PATH };
    }
    await createPerson(ctx, { ...values, aliases: parseAliasList(aliases) });
    return { message: `${values.name.trim()} added.` };
  },
);

export const linkAliasAction = action(
  {
    permission: "people:manage",
    schema: AliasForm,
    revalidate: REVALIDATE,
    values: ({ person_id, kind, value }) => ({ person_id, kind, value }),
  },
  async (ctx, { person_id, kind, value }) => {
    if (!person_id) return { ok: false, message: "Choose the person to link it to.", fieldErrors: { person_id: "Choose a person" } };
    await addAlias(ctx, person_id, { kind, value });
    return { message: `Linked ${kind} ${value}.` };
  },
);

export const unlinkAliasAction = action({ permission: "people:manage", schema: AliasForm, revalidate: REVALIDATE }, async (ctx, a) => {
  await removeAlias(ctx, a.person_id, { kind: a.kind, value: a.value });
});

export const markLeftAction = action({ permission: "people:manage", schema: IdForm, revalidate: REVALIDATE }, async (ctx, { id }) => {
  await markPersonLeft(ctx, id);
});

/** One form, two buttons: "Preview" checks every line and writes nothing; "Import" writes all lines or none. */
export const importPeopleAction = action<typeof ImportForm, PeoplePreview>(
  { permission: "people:manage", schema: ImportForm },
  async (ctx, { file, csv, intent }) => {
    const text = file ? await file.text() : csv;
    const values = { csv: text };
    if (intent !== "import") return { ...(await runAction(() => previewPeopleImport(ctx, text))), values };
    const result = await runAction(() => importPeople(ctx, text));
    if (!result.ok) {
      const preview = await runAction(() => previewPeopleImport(ctx, text));
      return { ok: false, message: result.message, data: preview.data, values };
    }
    for (const path of REVALIDATE) revalidatePath(path);
    const { created, updated, aliases } = result.data ?? { created: 0, updated: 0, aliases: 0 };
    return { message: `Imported: ${created} added, ${updated} updated, ${aliases} aliases linked.` };
  },
);

export const githubImportAction = action({ permission: "people:manage", schema: z.object({}), revalidate: REVALIDATE }, async (ctx) => {
  const r = await importFromGithubOrg(ctx);
  const skipped = r.skipped.length > 0 ? ` ${r.skipped.length} without a public email skipped: ${r.skipped.join(", ")}.` : "";
  return { message: `GitHub: ${r.linked} linked to people, ${r.created} added.${skipped}` };
});
