"use client";

import { useActionState } from "react";
import { Alert } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { Field } from "@/components/ui/field";
import { NewPasswordFields } from "@/components/ui/new-password-fields";
import { createFirstAdminAction } from "./actions";

export function SetupForm() {
  const [state, action, pending] = useActionState(createFirstAdminAction, { ok: true });
  const errors = state.fieldErrors ?? {};
  return (
    <form action={action} className="space-y-4">
      {!state.ok && state.message ? <Alert>{state.message}</Alert> : null}
      <Field
        label="Setup token"
        name="token"
        autoComplete="off"
        spellCheck={false}
        required
        error={errors.token}
        hint="Printed in the server log when Burnrate started (or the BURNRATE_SETUP_TOKEN you set)."
      />
      <Field label="Your name" name="name" autoComplete="name" error={errors.name} defaultValue={state.values?.name} />
      <Field
        label="Email"
        name="email"
        type="email"
        autoComplete="username"
        required
        error={errors.email}
        defaultValue={state.values?.email}
      />
      <NewPasswordFields label="Password" errors={errors} />
      <Button type="submit" className="w-full" disabled={pending}>
        {pending ? "Creating…" : "Create admin account"}
      </Button>
    </form>
  );
}
