import type { Metadata } from "next";
import Link from "next/link";
import { Badge } from "@/components/ui/badge";
import { ListTable, NumCell, UsdCell } from "@/components/ui/list-table";
import { Panel, PanelEmpty } from "@/components/ui/panel";
import { formatCount, formatDate } from "@/lib/format";
import { requireUser } from "@/lib/http/guard";
import { githubOrgConfig } from "@/lib/people/github-import";
import { ALIAS_KINDS, kindSpec, NAMED_ALIAS_KINDS } from "@/lib/people/kinds";
import { listPeople } from "@/lib/people/queries";
import { listUnmapped, type UnmappedIdentity } from "@/lib/people/unmapped";
import { PROVIDER_LABELS } from "@/lib/providers/connections";
import { ImportPeopleForm } from "./import-form";
import { AliasChip, AliasKindList, GithubImportButton, LinkAliasForm, MarkLeftButton, PersonForm } from "./person-forms";

export const dynamic = "force-dynamic";
export const metadata: Metadata = { title: "People · Settings" };

const KINDS = [
  ...NAMED_ALIAS_KINDS.map((k) => ({ value: k, label: ALIAS_KINDS[k].label })),
  { value: "other:", label: "Other (other:<kind>)" },
];
const UNMAPPED_DAYS = 90;

export default async function PeopleSettingsPage({ searchParams }: { searchParams: Promise<{ edit?: string; create?: string }> }) {
  const ctx = await requireUser("people:manage");
  const [people, unmapped, { edit, create }] = await Promise.all([listPeople(ctx), listUnmapped(ctx, UNMAPPED_DAYS), searchParams]);
  const editing = people.find((p) => p.id === edit);
  const active = people.filter((p) => !p.left_on);
  // "Create person" from an unmapped identity: an email becomes the primary email, anything else an alias.
  const seed = typeof create === "string" ? unmapped.find((u) => `${u.kind}:${u.value}` === create) : undefined;
  const github = githubOrgConfig();
  return (
    <div className="space-y-6">
      <AliasKindList kinds={KINDS} />
      <PersonForm
        key={editing?.id ?? seed?.value ?? "new"}
        kinds={KINDS}
        person={
          editing
            ? { id: editing.id, name: editing.name, email: editing.email, team: editing.team ?? "" }
            : seed
              ? {
                  name: "",
                  email: seed.kind === "email" ? seed.value : "",
                  team: "",
                  aliases: seed.kind === "email" ? "" : `${seed.kind}:${seed.value}`,
                }
              : undefined
        }
      />
      <Panel
        headingId="unmapped-heading"
        title="Unmapped identities"
        description={`Identities seen in the last ${UNMAPPED_DAYS} days that belong to no one: event users, API keys, provider key ids, pull-request authors, and the coding tools' seats (idle ones too). Link each to a person, and their spend — past spend included — is that person's.`}
      >
        {unmapped.length === 0 ? (
          <PanelEmpty>Every identity seen in the last {UNMAPPED_DAYS} days belongs to a person.</PanelEmpty>
        ) : (
          <ListTable
            columns={[
              "Identity",
              "Seen in",
              "First / last seen",
              { label: "Requests", right: true },
              { label: "Cost", right: true },
              { label: "Link", hidden: true },
            ]}
          >
            {unmapped.map((u) => (
              <tr key={`${u.source}:${u.kind}:${u.value}`}>
                <td className="px-5 py-2.5">
                  <div className="font-mono text-sm break-all">{u.value}</div>
                  <div className="text-xs text-slate-500">
                    {kindSpec(u.kind).label}
                    {u.label ? ` · “${u.label}”` : ""}
                  </div>
                </td>
                <td className="px-5 py-2.5 text-sm">{seenIn(u)}</td>
                <td className="px-5 py-2.5 text-sm whitespace-nowrap text-slate-600">
                  {formatDate(u.first_seen)} – {formatDate(u.last_seen)}
                </td>
                <NumCell>{formatCount(u.requests)}</NumCell>
                <UsdCell value={u.cost_usd} />
                <td className="px-5 py-2.5">
                  <div className="flex flex-wrap items-start gap-2">
                    <LinkAliasForm people={active} kind={u.kind} value={u.value} kinds={KINDS} label={`Link ${u.value} to a person`} />
                    <Link
                      href={`/settings/people?create=${encodeURIComponent(`${u.kind}:${u.value}`)}#person-form-heading`}
                      className="rounded-md border border-slate-300 px-2 py-1 text-xs whitespace-nowrap hover:bg-slate-50"
                    >
                      Create person
                    </Link>
                  </div>
                </td>
              </tr>
            ))}
          </ListTable>
        )}
      </Panel>
      <Panel
        headingId="people-heading"
        title={`People (${active.length})`}
        description={
          <>
            One person across every tool.{" "}
            <Link href="/people" className="text-orange-700 underline-offset-2 hover:underline">
              People
            </Link>{" "}
            shows what each one spends.
          </>
        }
      >
        {people.length === 0 ? (
          <PanelEmpty>No people yet. Add one above, import a CSV below{github ? ", or import your GitHub organisation" : ""}.</PanelEmpty>
        ) : (
          <ListTable columns={["Person", "Team", "Aliases", { label: "Actions", hidden: true, right: true }]}>
            {people.map((p) => (
              <tr key={p.id} className={p.left_on ? "bg-slate-50/70 text-slate-500" : undefined}>
                <td className="px-5 py-3 align-top">
                  <div className="font-medium">{p.name}</div>
                  <div className="text-xs text-slate-500">{p.email}</div>
                  {p.left_on ? <Badge tone="neutral">left {formatDate(p.left_on)}</Badge> : null}
                </td>
                <td className="px-5 py-3 align-top text-sm">{p.team ?? <span className="text-slate-400">—</span>}</td>
                <td className="px-5 py-3 align-top">
                  <ul className="mb-1.5 flex flex-wrap gap-1" aria-label={`Aliases of ${p.name}`}>
                    {p.aliases.map((a) => (
                      <AliasChip
                        key={`${a.kind}:${a.value}`}
                        personId={p.id}
                        kind={a.kind}
                        value={a.value}
                        label={kindSpec(a.kind).label}
                      />
                    ))}
                  </ul>
                  <LinkAliasForm personId={p.id} kinds={KINDS} label={`Link an alias to ${p.name}`} />
                </td>
                <td className="px-5 py-3 text-right align-top whitespace-nowrap">
                  <Link
                    href={`/settings/people?edit=${p.id}`}
                    aria-label={`Edit ${p.name}`}
                    className="mr-2 rounded-md border border-slate-300 px-3 py-1 text-sm hover:bg-slate-50"
                  >
                    Edit
                  </Link>
                  {p.left_on ? null : <MarkLeftButton id={p.id} name={p.name} />}
                </td>
              </tr>
            ))}
          </ListTable>
        )}
      </Panel>
      <ImportPeopleForm />
      <Panel
        headingId="github-heading"
        title="Import from GitHub"
        description="Adds your organisation's members: a member whose public email matches a person gets their GitHub login linked; the others with a public email are added."
        padded
      >
        <div className="mt-4">
          {github ? (
            <GithubImportButton />
          ) : (
            <p className="text-sm text-slate-600">
              Set <code className="font-mono text-xs">GITHUB_ORG</code> and <code className="font-mono text-xs">GITHUB_ORG_TOKEN</code> (a
              token with read:org; <code className="font-mono text-xs">GITHUB_COPILOT_TOKEN</code> serves too) to import members.
            </p>
          )}
        </div>
      </Panel>
    </div>
  );
}

function seenIn(u: UnmappedIdentity): string {
  if (u.source === "events") return "usage events";
  if (u.source === "github") return "GitHub PRs";
  if (u.source === "openai" || u.source === "anthropic") return `${PROVIDER_LABELS[u.source]} bill`;
  // A coding tool: its seat list, and its synced usage when the identity has spent anything.
  return `${PROVIDER_LABELS[u.source]} ${u.requests > 0 ? "usage and seats" : "seat, idle"}`;
}
