import "server-only";
import type { NextRequest } from "next/server";
import NextAuth, { CredentialsSignin, type NextAuthConfig } from "next-auth";
import Credentials from "next-auth/providers/credentials";
import GitHub from "next-auth/providers/github";
import { recordAudit } from "@/lib/audit/record-audit";
import { env } from "@/lib/env";
import { getDb } from "@/lib/start";
import { clientIp } from "./client-ip";
import { githubUserinfo } from "./github-email";
import { newSessionId, revokeSession } from "./revoke-session";
import { safeRedirectUrl } from "./safe-next";
import { getSessionSecret } from "./session-secret";
import { findActiveUserByEmail, loadSessionUser } from "./session-user";
import { signInWithPassword, signInWithProvider } from "./sign-in";

class InvalidCredentials extends CredentialsSignin {
  code = "invalid";
}

class SignInThrottled extends CredentialsSignin {
  constructor(minutes: number) {
    super();
    this.code = `throttled:${minutes}`;
  }
}

export interface SignInProviderInfo {
  id: string;
  name: string;
}

/** GitHub and generic OIDC sign-in, each offered only when its variables are set. */
export function oauthProviders(): SignInProviderInfo[] {
  const e = env();
  const list: SignInProviderInfo[] = [];
  if (e.AUTH_GITHUB_ID && e.AUTH_GITHUB_SECRET) list.push({ id: "github", name: "GitHub" });
  if (e.AUTH_OIDC_ISSUER && e.AUTH_OIDC_ID && e.AUTH_OIDC_SECRET) list.push({ id: "oidc", name: e.AUTH_OIDC_NAME });
  return list;
}

async function buildConfig(): Promise<NextAuthConfig> {
  const e = env();
  const db = await getDb();
  const providers: NextAuthConfig["providers"] = [
    Credentials({
      credentials: { email: { label: "Email", type: "email" }, password: { label: "Password", type: "password" } },
      authorize: async (credentials, request) => {
        const result = await signInWithPassword(
          { db, ip: clientIp(request.headers) },
          { email: credentials.email, password: credentials.password },
        );
        if (result.ok) return { id: result.user.userId, email: result.user.email, name: result.user.name };
        if (result.reason === "throttled")
          throw new SignInThrottled(Math.max(1, Math.ceil((result.retryAt.getTime() - Date.now()) / 60_000)));
        throw new InvalidCredentials();
      },
    }),
  ];
  if (e.AUTH_GITHUB_ID && e.AUTH_GITHUB_SECRET) {
    const github = GitHub({ clientId: e.AUTH_GITHUB_ID, clientSecret: e.AUTH_GITHUB_SECRET });
    // The profile's email may be an unverified public one (or null): use the verified primary from /user/emails.
    providers.push({
      ...github,
      userinfo: {
        url: "https://api.github.com/user",
        request: ({ tokens }: { tokens: { access_token?: string } }) => githubUserinfo("https://api.github.com", tokens.access_token),
      },
    } as typeof github);
  }
  if (e.AUTH_OIDC_ISSUER && e.AUTH_OIDC_ID && e.AUTH_OIDC_SECRET) {
    providers.push({
      id: "oidc",
      name: e.AUTH_OIDC_NAME,
      type: "oidc",
      issuer: e.AUTH_OIDC_ISSUER,
      clientId: e.AUTH_OIDC_ID,
      clientSecret: e.AUTH_OIDC_SECRET,
    });
  }
  return {
    secret: await getSessionSecret({ db }),
    // Self-hosted behind whatever proxy the team runs: the host comes from the request (or AUTH_URL).
    trustHost: true,
    session: { strategy: "jwt", maxAge: e.BURNRATE_SESSION_MAX_AGE_HOURS * 3600 },
    pages: { signIn: "/login", error: "/login" },
    providers,
    callbacks: {
      async signIn({ account, user, profile }) {
        if (!account || account.type === "credentials") return true;
        // A member is matched only by an email the provider vouches for: OIDC's `email_verified` claim must be
        // true (absent is not enough); for GitHub, githubUserinfo sets it from /user/emails (verified + primary).
        return signInWithProvider(
          { db },
          { email: user.email, emailVerified: profile?.email_verified === true, provider: account.provider },
        );
      },
      async redirect({ url, baseUrl }) {
        return safeRedirectUrl(url, baseUrl);
      },
      async jwt({ token, user }) {
        if (user?.email) {
          const found = await findActiveUserByEmail({ db }, user.email);
          if (found) {
            token.uid = found.id;
            token.epoch = found.epoch;
            // Stable for the session's life, so sign-out can revoke it (Auth.js renews `jti` on every refresh).
            token.sid = newSessionId();
          }
        }
        return token;
      },
      session({ session, token }) {
        return {
          ...session,
          user: { ...session.user, id: String(token.uid ?? "") },
          epoch: token.epoch,
          sid: token.sid,
        } as typeof session;
      },
    },
    logger: {
      // A wrong password is an audited outcome, not a server error worth a stack trace.
      error(error) {
        if (!(error instanceof CredentialsSignin)) console.error("[auth]", error);
      },
      warn() {},
    },
    events: {
      async signOut(message) {
        const token = "token" in message ? message.token : null;
        if (!token) return;
        const user = await loadSessionUser({ db }, { uid: token.uid, epoch: token.epoch, sid: token.sid });
        // The cookie is cleared by Auth.js; revoking the id ends copies of it too.
        if (typeof token.sid === "string") await revokeSession({ db }, token.sid);
        if (user) await recordAudit({ db, actor: user }, { action: "auth.sign_out" });
      },
    },
  };
}

let configPromise: Promise<NextAuthConfig> | undefined;

const nextAuth = NextAuth(() => {
  configPromise ??= buildConfig();
  configPromise.catch(() => {
    configPromise = undefined;
  });
  return configPromise;
});

export const { auth, signIn, signOut } = nextAuth;

/**
 * Next hands route handlers a URL on its own listen address (http://localhost:PORT), not the address the
 * browser used; OAuth callbacks and redirects need the public one. Without AUTH_URL it is rebuilt from the
 * Host / X-Forwarded-* headers (the same trust `trustHost` already places in them).
 */
function withPublicUrl(handler: (req: NextRequest) => Promise<Response>) {
  return (req: NextRequest) => {
    const host = req.headers.get("x-forwarded-host") ?? req.headers.get("host");
    if (env().AUTH_URL || !host) return handler(req);
    const proto = (req.headers.get("x-forwarded-proto") ?? "http").split(",")[0]?.trim() ?? "http";
    const url = new URL(req.nextUrl.pathname + req.nextUrl.search, `${proto}://${host}`);
    // A plain Request: NextRequest would rewrite a loopback host to "localhost".
    const init: RequestInit & { duplex?: "half" } = { method: req.method, headers: req.headers, body: req.body, duplex: "half" };
    return handler(new Request(url, init) as NextRequest);
  };
}

export const handlers = { GET: withPublicUrl(nextAuth.handlers.GET), POST: withPublicUrl(nextAuth.handlers.POST) };
