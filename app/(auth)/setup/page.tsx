import type { Metadata } from "next";
import { redirect } from "next/navigation";
import { needsSetup } from "@/lib/auth/members";
import { getDb } from "@/lib/start";
import { SetupForm } from "./setup-form";

export const dynamic = "force-dynamic";
export const metadata: Metadata = { title: "Set up" };

/** First run only: once anyone or any API key exists, this page sends people to sign in. */
export default async function SetupPage() {
  if (!(await needsSetup({ db: await getDb() }))) redirect("/login");
  return (
    <div className="space-y-5">
      <div>
        <h1 className="text-lg font-semibold">Welcome to Burnrate</h1>
        <p className="mt-1 text-sm text-slate-500">
          Create the first admin account with the setup token from the server log. You can invite your team from Settings → Members
          afterwards.
        </p>
      </div>
      <SetupForm />
    </div>
  );
}
