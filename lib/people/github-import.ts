import "server-only";
import { sql } from "drizzle-orm";
import { z } from "zod";
import { queryRows } from "@/db";
import { recordAudit } from "@/lib/audit/record-audit";
import { type Ctx, withTransaction } from "@/lib/auth/actor";
import { assertCan } from "@/lib/auth/permissions";
import { env } from "@/lib/env";
import { AppError } from "@/lib/errors";
import { DEFAULT_RETRY, fetchReport, ProviderError, type RetryPolicy } from "@/lib/providers/fetch-report";
import { insertPerson, linkAlias } from "./manage-people";
import { personIdByEmail } from "./resolve";

/** Where GitHub is and how to reach it: from the environment (GITHUB_ORG, GITHUB_ORG_TOKEN or GITHUB_COPILOT_TOKEN). */
export interface GithubOrgConfig {
  org: string;
  token: string;
  apiUrl: string;
}

export function githubOrgConfig(): GithubOrgConfig | null {
  const e = env();
  const token = e.GITHUB_ORG_TOKEN ?? e.GITHUB_COPILOT_TOKEN;
  return e.GITHUB_ORG && token ? { org: e.GITHUB_ORG, token, apiUrl: e.GITHUB_API_URL } : null;
}

const Member = z.object({ login: z.string().min(1).max(100), type: z.string().optional() });
const User = z.object({ login: z.string(), name: z.string().nullish(), email: z.string().nullish() });
const PER_PAGE = 100;
const MAX_PAGES = 100;

export interface GithubImportResult {
  /** Members whose public email matched a person: their login is now a `github_login` alias. */
  linked: number;
  /** Members with a public email and no person: added (name = their GitHub name, else login). */
  created: number;
  /** Logins already linked to their person. */
  unchanged: number;
  /** Members without a public email (nothing to match them by): link them by hand from the unmapped list. */
  skipped: string[];
}

/**
 * Imports the organisation's members: `GET /orgs/{org}/members` (every page) and `GET /users/{login}` for each. A
 * member's public email finds their person (primary email or an email alias) and links the login; a member with an
 * email and no person becomes one. A login already someone else's is reported by the alias_taken error. Requests
 * retry on 429/5xx honouring Retry-After (the provider sync's client); all writes share one transaction.
 */
export async function importFromGithubOrg(
  ctx: Ctx,
  opts: { config?: GithubOrgConfig | null; retry?: RetryPolicy } = {},
): Promise<GithubImportResult> {
  assertCan(ctx.actor, "people:manage");
  const config = opts.config === undefined ? githubOrgConfig() : opts.config;
  if (!config)
    throw new AppError("disabled", "GitHub import needs GITHUB_ORG and a token (GITHUB_ORG_TOKEN, or GITHUB_COPILOT_TOKEN) with read:org.");
  const retry = opts.retry ?? { ...DEFAULT_RETRY, attempts: 3, timeoutMs: 20_000 };
  const base = config.apiUrl.replace(/\/+$/, "");
  const headers = {
    authorization: `Bearer ${config.token}`,
    accept: "application/vnd.github+json",
    "x-github-api-version": "2022-11-28",
    "user-agent": "burnrate",
  };
  const get = async (path: string) => {
    try {
      return await fetchReport(`${base}${path}`, headers, retry, true);
    } catch (err) {
      if (err instanceof ProviderError) throw new AppError("bad_request", `GitHub: ${err.message.replace("admin key", "token")}`);
      throw err;
    }
  };

  const logins: string[] = [];
  for (let page = 1; page <= MAX_PAGES; page++) {
    const members = z.array(Member).parse(await get(`/orgs/${encodeURIComponent(config.org)}/members?per_page=${PER_PAGE}&page=${page}`));
    logins.push(...members.filter((m) => m.type !== "Bot").map((m) => m.login));
    if (members.length < PER_PAGE) break;
  }
  const users: z.infer<typeof User>[] = [];
  for (const login of logins) users.push(User.parse(await get(`/users/${encodeURIComponent(login)}`)));

  return withTransaction(ctx, async (ctx) => {
    const result: GithubImportResult = { linked: 0, created: 0, unchanged: 0, skipped: [] };
    for (const u of users) {
      const email = u.email?.trim().toLowerCase();
      const login = u.login.toLowerCase();
      const [owner] = await queryRows<{ id: string }>(
        ctx.db,
        sql`select person_id::text as id from person_aliases where kind = 'github_login' and value = ${login}`,
      );
      if (owner) {
        result.unchanged++;
        continue;
      }
      if (!email) {
        result.skipped.push(u.login);
        continue;
      }
      const [person] = await queryRows<{ id: string | null }>(ctx.db, sql`select ${personIdByEmail(sql`${email}`)}::text as id`);
      if (person?.id) {
        await linkAlias(ctx, person.id, { kind: "github_login", value: login });
        result.linked++;
      } else {
        await insertPerson(ctx, {
          name: u.name?.trim() || u.login,
          email,
          team: null,
          active_from: null,
          left_on: null,
          aliases: [{ kind: "github_login", value: login }],
        });
        result.created++;
      }
    }
    await recordAudit(ctx, {
      action: "people.imported",
      details: { source: "github", org: config.org, ...result, skipped: result.skipped.length },
    });
    return result;
  });
}
