import type { Metadata } from "next";
import Link from "next/link";
import { getInvite } from "@/lib/auth/accept-invite";
import { getDb } from "@/lib/start";
import { InviteForm } from "./invite-form";

export const dynamic = "force-dynamic";
export const metadata: Metadata = { title: "Accept invite", referrer: "no-referrer" };

/** Reachable without a session: the unguessable, single-use token in the path is the credential. */
export default async function InvitePage({ params }: { params: Promise<{ token: string }> }) {
  const { token } = await params;
  const invite = await getInvite({ db: await getDb() }, token);
  if (!invite) {
    return (
      <div className="space-y-3">
        <h1 className="text-lg font-semibold">This invite link does not work</h1>
        <p className="text-sm text-slate-600">
          It may have been used already, expired after 7 days, or been replaced by a newer link. Ask an admin for a new one.
        </p>
        <Link href="/login" className="text-sm font-medium text-orange-700 hover:underline">
          Go to sign in
        </Link>
      </div>
    );
  }
  return (
    <div className="space-y-5">
      <div>
        <h1 className="text-lg font-semibold">Set your password</h1>
        <p className="mt-1 text-sm text-slate-500">
          for <span className="font-medium text-slate-700">{invite.email}</span>
        </p>
      </div>
      <InviteForm token={token} email={invite.email} />
    </div>
  );
}
