"use client";

import { useActionState } from "react";
import { Alert } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { CopyField } from "@/components/ui/copy-field";
import { Field } from "@/components/ui/field";
import { Panel } from "@/components/ui/panel";
import { Select } from "@/components/ui/select";
import { inviteMemberAction } from "./actions";

export function InviteForm() {
  const [state, action, pending] = useActionState(inviteMemberAction, { ok: true });
  const errors = state.fieldErrors ?? {};
  return (
    <Panel
      headingId="invite-heading"
      title="Invite a member"
      description="They get a one-time link, valid for 7 days, to set their password."
      padded
    >
      <form action={action} className="mt-4 grid gap-3 sm:grid-cols-[1fr_1fr_auto_auto] sm:items-end">
        <Field label="Email" name="email" type="email" required error={errors.email} defaultValue={state.values?.email} />
        <Field label="Name (optional)" name="name" error={errors.name} defaultValue={state.values?.name} />
        <div>
          <label htmlFor="invite-role" className="block text-sm font-medium text-slate-700">
            Role
          </label>
          <Select id="invite-role" name="role" defaultValue={state.values?.role ?? "member"} className="mt-1">
            <option value="member">Member</option>
            <option value="finance">Finance</option>
            <option value="admin">Admin</option>
          </Select>
        </div>
        <Button type="submit" disabled={pending}>
          {pending ? "Inviting…" : "Invite"}
        </Button>
      </form>
      <div className="mt-4 space-y-3">
        {!state.ok && state.message ? <Alert>{state.message}</Alert> : null}
        {state.ok && state.data ? (
          <Alert tone="success">
            <p className="mb-2">
              Invited <strong>{state.data.email}</strong>. Send them this link — it is shown only now.
            </p>
            <CopyField label="Invite link" value={new URL(state.data.path, window.location.origin).toString()} />
          </Alert>
        ) : null}
      </div>
    </Panel>
  );
}
