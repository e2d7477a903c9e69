import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { openDb } from "@/db";
import { users } from "@/db/schema";
import { startFakeOidc } from "@/scripts/test/fake-oidc";
import { type RunningServer, startServer, tempDir } from "@/scripts/test/server";

/** Follows one OIDC round trip with a cookie jar, as a browser would, stopping when it leaves the provider. */
class Browser {
  private jar = new Map<string, string>();
  async fetch(url: string, init: RequestInit = {}): Promise<Response> {
    const res = await fetch(url, {
      ...init,
      redirect: "manual",
      headers: { ...(init.headers as Record<string, string>), cookie: [...this.jar].map(([k, v]) => `${k}=${v}`).join("; ") },
    });
    for (const c of res.headers.getSetCookie()) {
      const [pair] = c.split(";");
      const i = pair?.indexOf("=") ?? -1;
      if (pair && i > 0) this.jar.set(pair.slice(0, i), pair.slice(i + 1));
    }
    return res;
  }
  has(name: string): boolean {
    return Boolean(this.jar.get(name));
  }
}

describe("OpenID Connect sign-in against a local provider", () => {
  let server: RunningServer;
  let oidc: Awaited<ReturnType<typeof startFakeOidc>>;
  const data = tempDir("burnrate-oidc-");

  beforeAll(async () => {
    oidc = await startFakeOidc("burnrate-test");
    const handle = await openDb({ dataDir: data.dir });
    await handle.db.insert(users).values({ email: "member@sso.example", role: "member" });
    await handle.close();
    server = await startServer({
      BURNRATE_DATA_DIR: data.dir,
      AUTH_OIDC_ISSUER: oidc.issuer,
      AUTH_OIDC_ID: "burnrate-test",
      AUTH_OIDC_SECRET: "test-secret",
      AUTH_OIDC_NAME: "Acme SSO",
    });
  });
  afterAll(async () => {
    await server?.stop();
    await oidc?.stop();
    data.remove();
  });

  async function roundTrip(email: string, emailVerified: boolean | "missing" = true): Promise<{ browser: Browser; landing: URL }> {
    oidc.signInAs(email, { emailVerified });
    const browser = new Browser();
    const { csrfToken } = (await (await browser.fetch(`${server.url}/api/auth/csrf`)).json()) as { csrfToken: string };
    const start = await browser.fetch(`${server.url}/api/auth/signin/oidc`, {
      method: "POST",
      headers: { "content-type": "application/x-www-form-urlencoded" },
      body: new URLSearchParams({ csrfToken, callbackUrl: "/" }),
    });
    const authorize = new URL(start.headers.get("location") ?? "");
    expect(authorize.origin).toBe(oidc.issuer);
    expect(authorize.searchParams.get("code_challenge_method")).toBe("S256");
    const back = await browser.fetch(authorize.toString());
    const callback = await browser.fetch(back.headers.get("location") ?? "");
    return { browser, landing: new URL(callback.headers.get("location") ?? "", server.url) };
  }

  it("offers the provider on the login page by its configured name", async () => {
    const html = await (await fetch(`${server.url}/login`)).text();
    expect(html).toContain("Continue with <!-- -->Acme SSO");
  });

  it("signs in a member an admin has added, matched by the verified email", async () => {
    const { browser, landing } = await roundTrip("Member@SSO.example");
    expect(landing.pathname).toBe("/");
    expect(browser.has("authjs.session-token")).toBe(true);
    const spend = await browser.fetch(`${server.url}/api/v1/spend`);
    expect(spend.status).toBe(200);
  });

  it("turns away someone with no account, with a message on the login page", async () => {
    const { browser, landing } = await roundTrip("stranger@sso.example");
    expect(landing.pathname).toBe("/login");
    expect(landing.searchParams.get("error")).toBe("AccessDenied");
    expect(browser.has("authjs.session-token")).toBe(false);
    const page = await (await fetch(landing)).text();
    expect(page).toContain("There is no active Burnrate account for that email");
  });

  // A provider that does not vouch for the address must not let anyone who types a member's email in.
  for (const emailVerified of [false, "missing"] as const) {
    it(`refuses a member's email when email_verified is ${emailVerified === "missing" ? "absent" : "false"}`, async () => {
      const { browser, landing } = await roundTrip("member@sso.example", emailVerified);
      expect(landing.pathname).toBe("/login");
      expect(landing.searchParams.get("error")).toBe("AccessDenied");
      expect(browser.has("authjs.session-token")).toBe(false);
    });
  }
});
