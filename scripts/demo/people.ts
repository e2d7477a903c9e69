import { sql } from "drizzle-orm";
import { type DbOrTx, queryRows } from "@/db";
import { systemContext } from "@/lib/auth/actor";
import { createPerson } from "@/lib/people/manage-people";
import { DAY_MS } from "./calendar";
import { githubLogin, PEOPLE, type Team } from "./catalog";
import { createRng, deriveSeed } from "./random";

/**
 * The demo's people directory: the ten engineers of the coding workload plus two who only use Cursor and Copilot,
 * across the four teams, each with 2–4 aliases across tools. Their Cursor, Copilot and OpenTelemetry identities
 * appear in the tool events below, so the directory brings each person's spend together; three identities belong
 * to no one (a contractor's Cursor and Copilot accounts, an OpenTelemetry account id) and wait in Settings → People's
 * unmapped list.
 */
interface DemoPerson {
  email: string;
  team: Team;
  aliases: { kind: string; value: string }[];
}

const EXTRA: { email: string; team: Team }[] = [
  { email: "priya.nair@acme.dev", team: "support-ai" },
  { email: "sam.okoro@acme.dev", team: "growth" },
];

const nameOf = (email: string) =>
  email
    .split("@")[0]!
    .split(".")
    .map((w) => w[0]!.toUpperCase() + w.slice(1))
    .join(" ");
const personal = (email: string) => `${email.split("@")[0]!.replace(".", "")}@gmail.com`;
const accountUuid = (i: number) => `7c1e0b2a-5d4f-4e6a-9b3c-${String(100000000000 + i * 7919).slice(0, 12)}`;

export const DEMO_PEOPLE: readonly DemoPerson[] = [...PEOPLE, ...EXTRA].map((p, i) => ({
  email: p.email,
  team: p.team,
  aliases: [
    { kind: "github_login", value: githubLogin(p.email) },
    // The demo's member account is Maya: signed in as member@demo.burnrate.dev, My spend shows hers.
    ...(i === 0 ? [{ kind: "email", value: "member@demo.burnrate.dev" }] : []),
    ...(i % 3 === 0 ? [{ kind: "cursor_email", value: personal(p.email) }] : []),
    ...(i % 4 === 1 ? [{ kind: "otel_account_uuid", value: accountUuid(i) }] : []),
    ...(i % 5 === 2 ? [{ kind: "openai_api_key_id", value: `key_demo${i}` }] : []),
    ...(i >= PEOPLE.length ? [{ kind: "copilot_login", value: `${githubLogin(p.email)}-acme` }] : []),
  ],
}));

/** Identities the tools report that no one is linked to yet. */
export const UNMAPPED_DEMO_IDENTITIES = ["ike.contractor@gmail.com", "jdoe-contractor", "3f9d2c1e-8a7b-4c6d-9e0f-112233445566"] as const;

/** Adds the directory once, when it is empty. */
export async function ensureDemoPeople(db: DbOrTx): Promise<void> {
  const [row] = await queryRows<{ n: number | string }>(db, sql`select count(*) as n from people`);
  if (Number(row?.n) > 0) return;
  for (const p of DEMO_PEOPLE)
    await createPerson(systemContext(db, "demo"), { name: nameOf(p.email), email: p.email, team: p.team, aliases: p.aliases });
}

/**
 * 30 days of OpenTelemetry-only Claude Code usage under each person's OpenTelemetry account id, carrying no team (the
 * team comes from the person). Cursor and Copilot come through their sync (scripts/demo/coding-tools.ts).
 */
export function* generateToolIdentityEvents(now: Date): Generator<Record<string, unknown>> {
  const rng = createRng(deriveSeed(21, 4));
  const today = Math.floor(now.getTime() / DAY_MS) * DAY_MS;
  const identities = [
    ...DEMO_PEOPLE.flatMap((p) => p.aliases.filter((a) => a.kind === "otel_account_uuid").map((a) => ({ user: a.value, perDay: 6 }))),
    { user: UNMAPPED_DEMO_IDENTITIES[2], perDay: 4 },
  ];
  let n = 0;
  for (let d = 30; d >= 0; d--) {
    const dayStart = today - d * DAY_MS;
    const weekday = new Date(dayStart).getUTCDay();
    if (weekday === 0 || weekday === 6) continue;
    for (const id of identities) {
      for (let k = rng.count(id.perDay); k > 0; k--) {
        const at = dayStart + rng.int(8, 18) * 3_600_000 + rng.int(0, 3_599_999);
        if (at > now.getTime() - 60_000) continue;
        const input = rng.tokens(6000, 0.8, 200, 120_000);
        const output = rng.tokens(500, 0.7, 20, 8000);
        const base = {
          id: `demo-tool-${n++}`,
          timestamp: new Date(at).toISOString(),
          user: id.user,
          input_tokens: input,
          output_tokens: output,
        };
        yield {
          ...base,
          provider: "anthropic",
          agent: "claude-code",
          model: "claude-sonnet-4-5",
          cost_usd: (0.05 + rng.next() * 0.4).toFixed(4),
        };
      }
    }
  }
}
