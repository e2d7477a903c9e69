import { afterAll, beforeAll, expect, it } from "vitest";
import { type Ctx, systemContext } from "@/lib/auth/actor";
import { AppError } from "@/lib/errors";
import { describeEachDatabase } from "@/scripts/test/databases";
import { startFakeGithubOrg } from "@/scripts/test/fake-github-org";
import type { FakeServer } from "@/scripts/test/fake-providers/server";
import { importFromGithubOrg } from "./github-import";
import { createPerson } from "./manage-people";
import { listPeople } from "./queries";

// 150 members: two pages of 100. Member 0's email is a known person's alias; 1 is a bot; every 7th keeps it private.
const MEMBERS = Array.from({ length: 150 }, (_, i) => ({
  login: i === 0 ? "Dana-Okafor" : `dev-${i}`,
  name: i % 3 === 0 ? null : `Dev ${i}`,
  email: i === 0 ? "DANA.O@acme.dev" : i % 7 === 0 ? null : `dev${i}@acme.dev`,
  type: i === 1 ? ("Bot" as const) : ("User" as const),
}));
const FAST = { attempts: 3, baseDelayMs: 1, maxDelayMs: 5, timeoutMs: 5000 };

let fake: FakeServer;
beforeAll(async () => {
  fake = await startFakeGithubOrg({ org: "acme", token: "ghp_test", members: MEMBERS });
});
afterAll(() => fake.close());

describeEachDatabase("GitHub organisation import", (t) => {
  const ctx = (): Ctx => systemContext(t.handle.db);
  const config = () => ({ org: "acme", token: "ghp_test", apiUrl: fake.url });

  it("reads every page, links members by email, adds the rest, skips private emails and bots; a second run changes nothing", async () => {
    await createPerson(ctx(), { name: "Dana", email: "dana@acme.dev", aliases: [{ kind: "email", value: "dana.o@acme.dev" }] });
    fake.faults.push({ status: 429, retryAfter: 0, path: "/members" });
    fake.requests.length = 0;
    const r = await importFromGithubOrg(ctx(), { config: config(), retry: FAST });
    const privateLogins = MEMBERS.filter((m, i) => i > 1 && m.email === null).map((m) => m.login);
    expect(r).toEqual({ linked: 1, created: 148 - privateLogins.length, unchanged: 0, skipped: privateLogins });
    expect(
      fake.requests.filter((p) => p.startsWith("/orgs/acme/members")).map((p) => new URL(p, "http://x").searchParams.get("page")),
    ).toEqual(["1", "1", "2"]);
    const people = await listPeople(ctx());
    expect(people.find((p) => p.email === "dana@acme.dev")?.aliases).toContainEqual({ kind: "github_login", value: "dana-okafor" });
    expect(people.find((p) => p.email === "dev2@acme.dev")).toMatchObject({
      name: "Dev 2",
      aliases: [{ kind: "github_login", value: "dev-2" }],
    });
    expect(people.find((p) => p.email === "dev3@acme.dev")?.name).toBe("dev-3"); // no GitHub name: the login
    expect(people.some((p) => p.email === "dev1@acme.dev")).toBe(false); // the bot

    const again = await importFromGithubOrg(ctx(), { config: config(), retry: FAST });
    expect(again).toEqual({ linked: 0, created: 0, unchanged: 149 - privateLogins.length, skipped: privateLogins });
    expect(await listPeople(ctx())).toHaveLength(people.length);
  });

  it("a rejected token or no configuration is a clear error, and nothing is written", async () => {
    const bad = await importFromGithubOrg(ctx(), { config: { ...config(), token: "wrong" }, retry: FAST }).catch((e: unknown) => e);
    expect(bad).toBeInstanceOf(AppError);
    expect((bad as AppError).message).toMatch(/^GitHub: The token was rejected \(401\)/);
    const off = await importFromGithubOrg(ctx(), { config: null }).catch((e: unknown) => e);
    expect((off as AppError).code).toBe("disabled");
    expect(await listPeople(ctx())).toEqual([]);
  });
});
