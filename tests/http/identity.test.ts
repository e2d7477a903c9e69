import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type RunningServer, startServer, tempDir } from "@/scripts/test/server";
import { signInOverHttp } from "@/scripts/test/session";
import { type Backend, MEMBER_PASSWORD, ROLE_EMAILS, startBackend } from "./support/backends";

/**
 * Identity over HTTP (issue 19). The server trusts one proxy (BURNRATE_TRUSTED_PROXIES=1), so the
 * X-Forwarded-For a test sends is the proxy's report of the client address: distinct addresses per caller.
 */
describe("identity over HTTP", () => {
  let b: Backend;
  beforeAll(async () => {
    b = await startBackend("pglite", { BURNRATE_TRUSTED_PROXIES: "1" });
  });
  afterAll(async () => {
    await b?.close();
  });

  const from = (ip: string) => ({ "x-forwarded-for": ip });

  /** One credentials post as the login form makes it; the session cookie when it worked, and where it leads. */
  async function tryPassword(email: string, password: string, ip: string, callbackUrl = "/") {
    const csrf = await fetch(`${b.server.url}/api/auth/csrf`, { headers: from(ip) });
    const { csrfToken } = (await csrf.json()) as { csrfToken: string };
    const res = await fetch(`${b.server.url}/api/auth/callback/credentials`, {
      method: "POST",
      redirect: "manual",
      headers: {
        ...from(ip),
        "content-type": "application/x-www-form-urlencoded",
        cookie: csrf.headers
          .getSetCookie()
          .map((c) => c.split(";")[0])
          .join("; "),
      },
      body: new URLSearchParams({ csrfToken, email, password, callbackUrl }),
    });
    const session = res.headers.getSetCookie().find((c) => c.startsWith("authjs.session-token="));
    return { signedIn: Boolean(session), location: new URL(res.headers.get("location") ?? "/", b.server.url) };
  }

  it("never redirects a signed-in visitor to another site, whatever `next` says", async () => {
    const { cookie } = await signInOverHttp(b.server.url, ROLE_EMAILS.member, MEMBER_PASSWORD, from("192.0.2.10"));
    for (const next of ["/%09/evil.example/x", "//evil.example", "/%5Cevil.example", "https://evil.example/", "/.//evil.example"]) {
      const res = await fetch(`${b.server.url}/login?next=${next}`, { redirect: "manual", headers: { cookie } });
      expect(res.status).toBe(307);
      const to = new URL(res.headers.get("location") ?? "", b.server.url);
      expect({ next, origin: to.origin }).toEqual({ next, origin: b.server.url });
    }
    const kept = await fetch(`${b.server.url}/login?next=${encodeURIComponent("/spend?group_by=model")}`, {
      redirect: "manual",
      headers: { cookie },
    });
    expect(kept.headers.get("location")).toBe("/spend?group_by=model");
    // Auth.js's own callbackUrl goes through the same rule.
    const signIn = await tryPassword(ROLE_EMAILS.member, MEMBER_PASSWORD, "192.0.2.10", "https://evil.example/x");
    expect(signIn.signedIn).toBe(true);
    expect(signIn.location.origin).toBe(b.server.url);
  });

  it("an attacker hammering the admin's password is slowed at their address; the admin signs in from theirs", async () => {
    const attacker = "203.0.113.66";
    for (let i = 0; i < 5; i++) {
      const r = await tryPassword(ROLE_EMAILS.admin, `wrong guess ${i}`, attacker);
      expect(r.signedIn).toBe(false);
      expect(r.location.searchParams.get("code")).toBe("invalid");
    }
    const blocked = await tryPassword(ROLE_EMAILS.admin, MEMBER_PASSWORD, attacker);
    expect(blocked.signedIn).toBe(false);
    expect(blocked.location.searchParams.get("code")).toMatch(/^throttled:\d+$/);
    const owner = await tryPassword(ROLE_EMAILS.admin, MEMBER_PASSWORD, "198.51.100.7");
    expect(owner.signedIn).toBe(true);
  });

  it("after sign-out, a copy of the session cookie no longer works", async () => {
    const { cookie } = await signInOverHttp(b.server.url, ROLE_EMAILS.finance, MEMBER_PASSWORD, from("192.0.2.11"));
    expect((await fetch(`${b.server.url}/api/v1/spend`, { headers: { cookie } })).status).toBe(200);
    const csrf = await fetch(`${b.server.url}/api/auth/csrf`, { headers: { cookie } });
    const { csrfToken } = (await csrf.json()) as { csrfToken: string };
    const csrfCookie = csrf.headers
      .getSetCookie()
      .map((c) => c.split(";")[0])
      .join("; ");
    const out = await fetch(`${b.server.url}/api/auth/signout`, {
      method: "POST",
      redirect: "manual",
      headers: { "content-type": "application/x-www-form-urlencoded", cookie: `${cookie}; ${csrfCookie}` },
      body: new URLSearchParams({ csrfToken, callbackUrl: "/login" }),
    });
    expect(out.status).toBe(302);
    const copied = await fetch(`${b.server.url}/api/v1/spend`, { headers: { cookie } });
    expect(copied.status).toBe(401);
    const page = await fetch(`${b.server.url}/spend`, { redirect: "manual", headers: { cookie } });
    expect(new URL(page.headers.get("location") ?? "", b.server.url).pathname).toBe("/login");
    // Other sessions of the same member are untouched.
    const other = await signInOverHttp(b.server.url, ROLE_EMAILS.finance, MEMBER_PASSWORD, from("192.0.2.11"));
    expect((await fetch(`${b.server.url}/api/v1/spend`, { headers: { cookie: other.cookie } })).status).toBe(200);
  });

  it("members see customers' cost to serve, not revenue or margins; finance sees both", async () => {
    const page = async (email: string) => {
      const { cookie } = await signInOverHttp(b.server.url, email, MEMBER_PASSWORD, from("192.0.2.12"));
      return (await fetch(`${b.server.url}/customers`, { headers: { cookie } })).text();
    };
    const member = await page(ROLE_EMAILS.member);
    expect(member).toContain("AI cost to serve");
    expect(member).not.toMatch(/Gross margin|Revenue/);
    expect(await page(ROLE_EMAILS.finance)).toContain("Gross margin");
  });
});

describe("first run over HTTP", () => {
  const started: { server: RunningServer; remove: () => void }[] = [];
  async function fresh(env: Record<string, string>) {
    const data = tempDir("burnrate-setup-");
    const server = await startServer({ BURNRATE_DATA_DIR: data.dir, ...env });
    started.push({ server, remove: data.remove });
    return server;
  }
  afterAll(async () => {
    for (const s of started) {
      await s.server.stop();
      s.remove();
    }
  });

  it("a fresh install asks for the setup token, printed in the server log and nowhere else", async () => {
    const server = await fresh({});
    const token = /enter this setup token to create the first admin: ([A-Za-z0-9_-]{32})/.exec(server.logs())?.[1];
    expect(token).toBeDefined();
    const res = await fetch(`${server.url}/setup`);
    expect(res.status).toBe(200);
    const html = await res.text();
    expect(html).toContain("Setup token");
    expect(html).not.toContain(token);
    expect((await fetch(`${server.url}/login`, { redirect: "manual" })).headers.get("location")).toBe("/setup");
  });

  it("a headless install with only BURNRATE_INIT_API_KEY has no /setup to claim", async () => {
    const server = await fresh({ BURNRATE_INIT_API_KEY: "br_headless_init_key_0123456789" });
    const res = await fetch(`${server.url}/setup`, { redirect: "manual" });
    expect(res.status).toBe(307);
    expect(res.headers.get("location")).toBe("/login");
    expect((await fetch(`${server.url}/login`, { redirect: "manual" })).status).toBe(200);
    expect(server.logs()).not.toContain("setup token");
  });
});
