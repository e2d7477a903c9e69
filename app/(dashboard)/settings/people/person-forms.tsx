"use client";

import Link from "next/link";
import { useActionState } from "react";
import { Alert } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { ConfirmActionButton } from "@/components/ui/confirm-action-button";
import { Field } from "@/components/ui/field";
import { Panel } from "@/components/ui/panel";
import { Select } from "@/components/ui/select";
import type { ActionState } from "@/lib/http/action-state";
import { githubImportAction, linkAliasAction, markLeftAction, savePersonAction, unlinkAliasAction } from "./actions";

export interface PersonFormValues {
  id?: string;
  name: string;
  email: string;
  team: string;
  aliases?: string;
}

/** The alias kinds a form offers: value and label (the named kinds, then a free other:<kind>). */
export type KindOption = { value: string; label: string };

/** Adds a person (with aliases, one `kind:value` per line), or edits `person` when it has an id. */
export function PersonForm({ person, kinds }: { person?: PersonFormValues; kinds: KindOption[] }) {
  const [state, action, pending] = useActionState(savePersonAction, { ok: true });
  const errors = state.fieldErrors ?? {};
  const editing = Boolean(person?.id);
  const value = (name: keyof PersonFormValues) => state.values?.[name] ?? person?.[name] ?? "";
  const aliasError = Object.entries(errors).find(([k]) => k.startsWith("aliases"))?.[1];
  return (
    <Panel
      headingId="person-form-heading"
      title={editing ? `Edit ${person?.name}` : "Add a person"}
      description={
        <>
          The primary email matches their events at once. Their team counts for every event of theirs that carries no team.
          {editing ? " Aliases are linked and unlinked in the directory below." : null}
        </>
      }
      padded
    >
      <form key={state.ok ? (state.message ?? "new") : "retry"} action={action} className="mt-4 grid gap-4 sm:grid-cols-2 lg:grid-cols-3">
        {person?.id ? <input type="hidden" name="id" value={person.id} /> : null}
        <Field label="Name" name="name" required placeholder="Dana Okafor" error={errors.name} defaultValue={value("name")} />
        <Field
          label="Primary email"
          name="email"
          type="email"
          required
          placeholder="dana@acme.dev"
          error={errors.email}
          defaultValue={value("email")}
        />
        <Field label="Team" name="team" placeholder="platform" error={errors.team} defaultValue={value("team")} hint="Optional" />
        {editing ? null : (
          <div className="sm:col-span-2 lg:col-span-3">
            <label htmlFor="field-aliases" className="block text-sm font-medium text-slate-700">
              Aliases <span className="font-normal text-slate-500">(optional, one kind:value per line)</span>
            </label>
            <textarea
              id="field-aliases"
              name="aliases"
              rows={3}
              defaultValue={value("aliases")}
              placeholder={"github_login:dana-okafor\nopenai_api_key_id:key_abc123"}
              aria-invalid={aliasError ? true : undefined}
              className="mt-1 block w-full rounded-md border border-slate-300 px-3 py-2 font-mono text-xs shadow-sm"
            />
            <p className={aliasError ? "mt-1 text-xs text-red-700" : "mt-1 text-xs text-slate-500"}>
              {aliasError ?? `Kinds: ${kinds.map((k) => (k.value === "other:" ? "other:<kind>" : k.value)).join(", ")}.`}
            </p>
          </div>
        )}
        <div className="flex items-center gap-3 sm:col-span-2 lg:col-span-3">
          <Button type="submit" disabled={pending}>
            {pending ? "Saving…" : editing ? "Save changes" : "Add person"}
          </Button>
          {editing ? (
            <Link href="/settings/people" className="text-sm text-slate-600 underline-offset-2 hover:underline">
              Cancel
            </Link>
          ) : null}
        </div>
      </form>
      <div className="mt-4">
        {!state.ok && state.message ? <Alert>{state.message}</Alert> : null}
        {state.ok && state.message ? <Alert tone="success">{state.message}</Alert> : null}
      </div>
    </Panel>
  );
}

/** Links an alias: to `personId` (a person's row), or to a chosen person (an unmapped identity's row). */
export function LinkAliasForm({
  personId,
  people,
  kind,
  value,
  kinds,
  label,
}: {
  personId?: string;
  people?: { id: string; name: string; email: string }[];
  kind?: string;
  value?: string;
  kinds: KindOption[];
  label: string;
}) {
  const [state, action, pending] = useActionState(linkAliasAction, { ok: true });
  const kindValue = state.values?.kind ?? kind ?? kinds[0]?.value;
  return (
    <form
      key={state.ok ? (state.message ?? "a") : "retry"}
      action={action}
      className="flex flex-wrap items-start gap-1.5"
      aria-label={label}
    >
      {personId ? (
        <input type="hidden" name="person_id" value={personId} />
      ) : (
        <Select name="person_id" aria-label="Person" defaultValue={state.values?.person_id ?? ""} className="max-w-48 py-1 text-xs">
          <option value="">Link to person…</option>
          {(people ?? []).map((p) => (
            <option key={p.id} value={p.id}>
              {p.name} ({p.email})
            </option>
          ))}
        </Select>
      )}
      <input
        name="kind"
        aria-label="Kind"
        list="alias-kinds"
        defaultValue={kindValue}
        className="w-36 rounded-md border border-slate-300 px-2 py-1 font-mono text-xs"
      />
      {value !== undefined ? (
        <input type="hidden" name="value" value={value} />
      ) : (
        <input
          name="value"
          aria-label="Value"
          placeholder="value"
          defaultValue={state.values?.value}
          className="w-40 rounded-md border border-slate-300 px-2 py-1 font-mono text-xs"
        />
      )}
      <Button type="submit" variant="secondary" className="px-2 py-1 text-xs" disabled={pending}>
        {pending ? "Linking…" : "Link"}
      </Button>
      {!state.ok && state.message ? (
        <p role="alert" className="w-full text-xs text-red-700">
          {state.message}
        </p>
      ) : null}
    </form>
  );
}

/** The `<datalist>` of alias kinds the link forms suggest (any other:<kind> may be typed). */
export function AliasKindList({ kinds }: { kinds: KindOption[] }) {
  return (
    <datalist id="alias-kinds">
      {kinds.map((k) => (
        <option key={k.value} value={k.value}>
          {k.label}
        </option>
      ))}
    </datalist>
  );
}

function AliasRemove(props: { personId: string; kind: string; value: string }) {
  const [state, action, pending] = useActionState<ActionState, FormData>(unlinkAliasAction, { ok: true });
  return (
    <form
      action={action}
      className="inline"
      onSubmit={(e) =>
        window.confirm(`Unlink ${props.kind} ${props.value}? Its spend goes back to "no person".`) ? undefined : e.preventDefault()
      }
    >
      <input type="hidden" name="person_id" value={props.personId} />
      <input type="hidden" name="kind" value={props.kind} />
      <input type="hidden" name="value" value={props.value} />
      <button
        type="submit"
        disabled={pending}
        aria-label={`Unlink ${props.kind} ${props.value}`}
        className="ml-1 text-slate-400 hover:text-red-700"
      >
        ×
      </button>
      {!state.ok && state.message ? <span className="ml-1 text-xs text-red-700">{state.message}</span> : null}
    </form>
  );
}

/** An alias as a chip: its kind's label, its value, and "unlink". */
export function AliasChip({ personId, kind, value, label }: { personId: string; kind: string; value: string; label: string }) {
  return (
    <li className="inline-flex items-center rounded-full border border-slate-200 bg-slate-50 px-2 py-0.5 text-xs">
      <span className="mr-1 text-slate-500">{label}</span>
      <span className="font-mono">{value}</span>
      <AliasRemove personId={personId} kind={kind} value={value} />
    </li>
  );
}

export function MarkLeftButton({ id, name }: { id: string; name: string }) {
  return (
    <ConfirmActionButton
      action={markLeftAction}
      id={id}
      label="Mark left"
      ariaLabel={`Mark ${name} as left`}
      confirm={`Mark ${name} as left today? Their aliases and history stay attributed to them.`}
      buttonClassName="px-2 py-0.5 text-xs"
    />
  );
}

export function GithubImportButton() {
  const [state, action, pending] = useActionState(githubImportAction, { ok: true });
  return (
    <form action={action} className="space-y-2">
      <Button type="submit" variant="secondary" disabled={pending}>
        {pending ? "Importing from GitHub…" : "Import from GitHub"}
      </Button>
      {!state.ok && state.message ? <Alert>{state.message}</Alert> : null}
      {state.ok && state.message ? <Alert tone="success">{state.message}</Alert> : null}
    </form>
  );
}
