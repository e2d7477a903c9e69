import { Field } from "./field";

/** Password + repeat, with the server's field errors; used wherever someone chooses a password. */
export function NewPasswordFields({ label = "Password", errors }: { label?: string; errors: Record<string, string> }) {
  return (
    <>
      <Field
        label={label}
        name="password"
        type="password"
        autoComplete="new-password"
        required
        minLength={12}
        error={errors.password}
        hint="At least 12 characters."
      />
      <Field label="Repeat the password" name="confirm" type="password" autoComplete="new-password" required error={errors.confirm} />
    </>
  );
}
