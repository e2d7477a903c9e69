import { describe, expect, it } from "vitest";
import { githubUserinfo, verifiedPrimaryEmail } from "./github-email";

describe("GitHub sign-in email", () => {
  it("is the verified primary address only", () => {
    expect(
      verifiedPrimaryEmail([
        { email: "public@example.com", primary: false, verified: true },
        { email: "boss@example.com", primary: true, verified: true },
      ]),
    ).toBe("boss@example.com");
    expect(verifiedPrimaryEmail([{ email: "admin@example.com", primary: true, verified: false }])).toBeNull();
    expect(verifiedPrimaryEmail([{ email: "admin@example.com", primary: false, verified: true }])).toBeNull();
    expect(verifiedPrimaryEmail({ message: "Bad credentials" })).toBeNull();
  });

  it("replaces the profile's (public, possibly unverified) email with it", async () => {
    const calls: string[] = [];
    const fake = (emails: unknown, ok = true) =>
      (async (url: string | URL | Request) => {
        calls.push(String(url));
        const body = String(url).endsWith("/user/emails") ? emails : { id: 1, login: "mallory", email: "admin@example.com" };
        return new Response(JSON.stringify(body), { status: ok || !String(url).endsWith("/user/emails") ? 200 : 403 });
      }) as typeof fetch;
    const unverified = await githubUserinfo(
      "https://gh.test",
      "tok",
      fake([{ email: "admin@example.com", primary: true, verified: false }]),
    );
    expect(unverified).toMatchObject({ login: "mallory", email: null, email_verified: false });
    expect(calls).toEqual(["https://gh.test/user", "https://gh.test/user/emails"]);
    const refused = await githubUserinfo("https://gh.test", "tok", fake([], false));
    expect(refused).toMatchObject({ email: null, email_verified: false });
    const ok = await githubUserinfo("https://gh.test", "tok", fake([{ email: "m@example.com", primary: true, verified: true }]));
    expect(ok).toMatchObject({ email: "m@example.com", email_verified: true });
  });
});
