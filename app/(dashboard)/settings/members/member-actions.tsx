"use client";

import { useActionState } from "react";
import { Button } from "@/components/ui/button";
import { CopyField } from "@/components/ui/copy-field";
import { Select } from "@/components/ui/select";
import type { Role } from "@/lib/auth/permissions";
import { changeRoleAction, renewInviteAction, setActiveAction } from "./actions";

export function RoleForm({ userId, role, email, disabled }: { userId: string; role: Role; email: string; disabled: boolean }) {
  const [state, action, pending] = useActionState(changeRoleAction, { ok: true });
  return (
    <form action={action} className="space-y-1">
      <input type="hidden" name="userId" value={userId} />
      <div className="flex items-center gap-2">
        <Select name="role" defaultValue={role} aria-label={`Role of ${email}`} disabled={disabled} className="py-1">
          <option value="member">Member</option>
          <option value="finance">Finance</option>
          <option value="admin">Admin</option>
        </Select>
        <Button type="submit" variant="secondary" className="py-1" disabled={disabled || pending}>
          Save
        </Button>
      </div>
      {state.message ? (
        <p
          role={state.ok ? "status" : "alert"}
          className={state.ok ? "max-w-56 text-xs text-emerald-700" : "max-w-56 text-xs text-red-700"}
        >
          {state.message}
        </p>
      ) : null}
    </form>
  );
}

export function MemberActions({ userId, email, active, self }: { userId: string; email: string; active: boolean; self: boolean }) {
  const [activeState, toggle, togglePending] = useActionState(setActiveAction, { ok: true });
  const [invite, renew, renewPending] = useActionState(renewInviteAction, { ok: true });
  return (
    <div className="flex flex-col items-end gap-2">
      <div className="flex gap-2">
        {active && !self ? (
          <form action={renew}>
            <input type="hidden" name="userId" value={userId} />
            <Button type="submit" variant="ghost" className="py-1" disabled={renewPending} aria-label={`New invite link for ${email}`}>
              New invite link
            </Button>
          </form>
        ) : null}
        <form
          action={toggle}
          onSubmit={(e) => {
            if (active && !window.confirm(`Deactivate ${email}? They are signed out at once and cannot sign in again.`)) e.preventDefault();
          }}
        >
          <input type="hidden" name="userId" value={userId} />
          <input type="hidden" name="active" value={active ? "false" : "true"} />
          <Button
            type="submit"
            variant={active ? "danger" : "secondary"}
            className="py-1"
            disabled={togglePending}
            aria-label={`${active ? "Deactivate" : "Reactivate"} ${email}`}
          >
            {active ? "Deactivate" : "Reactivate"}
          </Button>
        </form>
      </div>
      {!activeState.ok && activeState.message ? (
        <p role="alert" className="max-w-xs text-right text-xs text-red-700">
          {activeState.message}
        </p>
      ) : null}
      {!invite.ok && invite.message ? (
        <p role="alert" className="text-xs text-red-700">
          {invite.message}
        </p>
      ) : null}
      {invite.ok && invite.data ? (
        <div className="w-80 text-left">
          <CopyField label={`Invite link for ${email}`} value={new URL(invite.data.path, window.location.origin).toString()} />
        </div>
      ) : null}
    </div>
  );
}
