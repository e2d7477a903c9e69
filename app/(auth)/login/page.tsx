import type { Metadata } from "next";
import { redirect } from "next/navigation";
import { Alert } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { getCurrentUser } from "@/lib/auth/current-user";
import { needsSetup } from "@/lib/auth/members";
import { oauthProviders } from "@/lib/auth/next-auth";
import { safeNextPath } from "@/lib/auth/safe-next";
import { getDb } from "@/lib/start";
import { signInWithProviderAction } from "./actions";
import { LoginForm } from "./login-form";

export const dynamic = "force-dynamic";
export const metadata: Metadata = { title: "Sign in" };

// Errors Auth.js reports back to this page after a GitHub / OIDC round trip.
const PROVIDER_ERRORS: Record<string, string> = {
  CredentialsSignin: "That email and password do not match an active account.",
  AccessDenied: "There is no active Burnrate account for that email. Ask an admin to add you, then try again.",
  Verification: "That sign-in link is no longer valid.",
  Configuration: "Sign-in is misconfigured on the server. An admin should check the AUTH_* settings.",
};

const first = (v: string | string[] | undefined) => (Array.isArray(v) ? v[0] : v);

export default async function LoginPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const params = await searchParams;
  const next = safeNextPath(first(params.next) ?? first(params.callbackUrl));
  if (await getCurrentUser()) redirect(next);
  if (await needsSetup({ db: await getDb() })) redirect("/setup");
  const error = typeof params.error === "string" ? (PROVIDER_ERRORS[params.error] ?? "Sign-in failed. Try again.") : null;
  const providers = oauthProviders();

  return (
    <div className="space-y-5">
      <div>
        <h1 className="text-lg font-semibold">Sign in</h1>
        <p className="mt-1 text-sm text-slate-500">to see where your team&apos;s AI spend goes.</p>
      </div>
      {params.notice === "password-set" ? <Alert tone="success">Your password is set. Sign in with it now.</Alert> : null}
      {error ? <Alert>{error}</Alert> : null}
      <LoginForm next={next} initialEmail={typeof params.email === "string" ? params.email : ""} />
      {providers.length > 0 ? (
        <div className="space-y-2 border-t border-slate-200 pt-4">
          {providers.map((p) => (
            <form key={p.id} action={signInWithProviderAction}>
              <input type="hidden" name="provider" value={p.id} />
              <input type="hidden" name="next" value={next} />
              <Button type="submit" variant="secondary" className="w-full">
                Continue with {p.name}
              </Button>
            </form>
          ))}
        </div>
      ) : null}
    </div>
  );
}
