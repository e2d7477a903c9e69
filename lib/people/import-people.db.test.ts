import { expect, it } from "vitest";
import { type Ctx, systemContext } from "@/lib/auth/actor";
import { AppError } from "@/lib/errors";
import { describeEachDatabase } from "@/scripts/test/databases";
import { importPeople, parsePeopleCsv, previewPeopleImport } from "./import-people";
import { createPerson } from "./manage-people";
import { listPeople } from "./queries";

const refused = (p: Promise<unknown>) =>
  p.then(
    () => null,
    (e: unknown) => (e instanceof AppError ? { code: e.code, message: e.message, details: e.details } : { code: "?", message: String(e) }),
  );

describeEachDatabase("people CSV import", (t) => {
  const ctx = (): Ctx => systemContext(t.handle.db);

  it("adds new people, updates known ones (name, team, more aliases), all in one go", async () => {
    await createPerson(ctx(), {
      name: "D. Okafor",
      email: "dana@acme.dev",
      team: "platform",
      aliases: [{ kind: "github_login", value: "dana-o" }],
    });
    const csv = [
      "name,email,team,aliases",
      "Dana Okafor,DANA@acme.dev,,cursor_email:dana@acme.dev; openai_api_key_id:key_Dana1",
      '"Lee, Sam",sam.lee@acme.dev,data,github_login:SamLee;other:slack:U123',
    ].join("\n");
    const preview = await previewPeopleImport(ctx(), csv);
    expect(preview.errors).toEqual([]);
    expect(preview.rows.map((r) => [r.line, r.person.email, r.action])).toEqual([
      [2, "dana@acme.dev", "update"],
      [3, "sam.lee@acme.dev", "create"],
    ]);
    expect(await listPeople(ctx())).toHaveLength(1); // a preview writes nothing

    expect(await importPeople(ctx(), csv)).toEqual({ created: 1, updated: 1, aliases: 4 });
    const people = await listPeople(ctx());
    expect(people.map((p) => [p.name, p.email, p.team, p.aliases])).toEqual([
      [
        "Dana Okafor",
        "dana@acme.dev",
        "platform",
        [
          { kind: "cursor_email", value: "dana@acme.dev" },
          { kind: "github_login", value: "dana-o" },
          { kind: "openai_api_key_id", value: "key_Dana1" },
        ],
      ],
      [
        "Lee, Sam",
        "sam.lee@acme.dev",
        "data",
        [
          { kind: "github_login", value: "samlee" },
          { kind: "other:slack", value: "u123" },
        ],
      ],
    ]);
  });

  it("an alias claimed on two lines refuses the whole file, naming both lines", async () => {
    const csv = [
      "name,email,aliases",
      "Ann,ann@acme.dev,github_login:ann",
      "Ben,ben@acme.dev,openai_api_key_id:key_1",
      "Cy,cy@acme.dev,",
      "Di,di@acme.dev,openai_api_key_id:key_1",
    ].join("\n");
    const parsed = parsePeopleCsv(csv);
    expect(parsed.errors.map((e) => e.line)).toEqual([3, 5]);
    expect(parsed.errors[0]?.errors[0]?.message).toBe("the alias openai_api_key_id:key_1 is claimed on lines 3 and 5");
    const err = await refused(importPeople(ctx(), csv));
    expect(err?.code).toBe("validation_failed");
    expect(err?.message).toBe("Nothing was imported: lines 3, 5 have errors.");
    expect(await listPeople(ctx())).toEqual([]);
  });

  it("an alias someone else holds, another line's email as an alias, or a bad line refuses everything", async () => {
    await createPerson(ctx(), { name: "Owner", email: "owner@acme.dev", aliases: [{ kind: "anthropic_api_key", value: "apikey_01" }] });
    const held = await refused(importPeople(ctx(), "name,email,aliases\nNew,new@acme.dev,anthropic_api_key:apikey_01\n"));
    expect(held?.details).toEqual([
      { path: "line 2 aliases", message: "anthropic_api_key:apikey_01 already belongs to Owner <owner@acme.dev>" },
    ]);
    // The owner's primary email as someone else's alias (it would resolve the same events twice).
    const email = await refused(importPeople(ctx(), "name,email,aliases\nNew,new@acme.dev,email:OWNER@acme.dev\n"));
    expect(email?.details?.[0]?.message).toContain("Owner <owner@acme.dev>");
    const both = parsePeopleCsv("name,email,aliases\nA,a@acme.dev,\nB,b@acme.dev,email:a@acme.dev\n");
    expect(both.errors.map((e) => e.line)).toEqual([2, 3]);
    const bad = await refused(importPeople(ctx(), "name,email\nOk,ok@acme.dev\n,not-an-email\n"));
    expect(bad?.details?.map((d) => d.path)).toEqual(["line 3 name", "line 3 email"]);
    expect((await listPeople(ctx())).map((p) => p.email)).toEqual(["owner@acme.dev"]);
    expect(parsePeopleCsv("email,team\nx@acme.dev,a\n").errors[0]?.errors[0]?.message).toContain("missing: name");
  });
});
