import type { Metadata } from "next";
import { Badge } from "@/components/ui/badge";
import { ListTable } from "@/components/ui/list-table";
import { Panel } from "@/components/ui/panel";
import { listMembers } from "@/lib/auth/members";
import { formatDateTime } from "@/lib/format";
import { requireUser } from "@/lib/http/guard";
import { InviteForm } from "./invite-form";
import { MemberActions, RoleForm } from "./member-actions";

export const dynamic = "force-dynamic";
export const metadata: Metadata = { title: "Members" };

const STATUS_TONE = { active: "good", invited: "accent", deactivated: "neutral" } as const;

export default async function MembersPage() {
  const ctx = await requireUser("members:manage");
  const members = await listMembers(ctx);
  return (
    <div className="space-y-6">
      <InviteForm />
      <Panel
        headingId="members-heading"
        title="Members"
        aside={
          <span className="text-sm text-slate-500">
            Admins: everything · Finance: dashboards, budgets, export · Members: dashboards, review
          </span>
        }
      >
        <ListTable columns={["Person", "Role", "Status", "Last sign-in", { label: "Actions", hidden: true, right: true }]}>
          {members.map((m) => (
            <tr key={m.id} className={m.status === "deactivated" ? "text-slate-400" : undefined}>
              <td className="px-5 py-3">
                <div className="font-medium text-slate-900">{m.name || m.email}</div>
                {m.name ? <div className="text-xs text-slate-500">{m.email}</div> : null}
                {m.id === ctx.actor.userId ? <div className="text-xs text-orange-700">You</div> : null}
              </td>
              <td className="px-5 py-3">
                <RoleForm userId={m.id} role={m.role} email={m.email} disabled={m.status === "deactivated"} />
              </td>
              <td className="px-5 py-3">
                <Badge tone={STATUS_TONE[m.status]}>{m.status}</Badge>
              </td>
              <td className="px-5 py-3 whitespace-nowrap text-slate-600">{formatDateTime(m.lastSignInAt)}</td>
              <td className="px-5 py-3">
                <MemberActions userId={m.id} email={m.email} active={m.status !== "deactivated"} self={m.id === ctx.actor.userId} />
              </td>
            </tr>
          ))}
        </ListTable>
      </Panel>
    </div>
  );
}
