"use server";

import { AuthError, CredentialsSignin } from "next-auth";
import { signIn } from "@/lib/auth/next-auth";
import { safeNextPath } from "@/lib/auth/safe-next";

export interface LoginState {
  email: string;
  error?: string;
}

export async function signInWithPasswordAction(_prev: LoginState, form: FormData): Promise<LoginState> {
  const email = String(form.get("email") ?? "");
  try {
    await signIn("credentials", { email, password: String(form.get("password") ?? ""), redirectTo: safeNextPath(form.get("next")) });
    return { email };
  } catch (err) {
    if (err instanceof CredentialsSignin && err.code.startsWith("throttled:")) {
      const minutes = Number(err.code.split(":")[1]);
      return {
        email,
        error: `Too many failed sign-in attempts. For your security, sign-in is paused; try again in ${minutes} minute${minutes === 1 ? "" : "s"}.`,
      };
    }
    if (err instanceof AuthError) return { email, error: "That email and password do not match an active account." };
    throw err; // the redirect after a successful sign-in
  }
}

export async function signInWithProviderAction(form: FormData): Promise<void> {
  await signIn(String(form.get("provider")), { redirectTo: safeNextPath(form.get("next")) });
}
