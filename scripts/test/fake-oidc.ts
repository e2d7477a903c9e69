import { randomBytes } from "node:crypto";
import http from "node:http";
import type { AddressInfo } from "node:net";
import { exportJWK, generateKeyPair, SignJWT } from "jose";

/**
 * A minimal OpenID Connect provider for tests: discovery, JWKS, an authorize endpoint that signs in
 * whoever `signInAs` names (no login screen) and a token endpoint that returns an RS256-signed ID token.
 */
export async function startFakeOidc(clientId: string): Promise<{
  issuer: string;
  /** Who the next sign-in is; `emailVerified: "missing"` leaves the claim out (as some providers do). */
  signInAs: (email: string, opts?: { emailVerified?: boolean | "missing" }) => void;
  stop: () => Promise<void>;
}> {
  const { publicKey, privateKey } = await generateKeyPair("RS256");
  const jwk = { ...(await exportJWK(publicKey)), kid: "test-key", alg: "RS256", use: "sig" };
  const codes = new Map<string, { email: string; verified: boolean | "missing"; nonce?: string }>();
  let email = "";
  let verified: boolean | "missing" = true;
  const verifiedClaim = (v: boolean | "missing") => (v === "missing" ? {} : { email_verified: v });
  let issuer = "";

  const server = http.createServer(async (req, res) => {
    const url = new URL(req.url ?? "/", issuer);
    const send = (status: number, body: unknown, headers: Record<string, string> = {}) => {
      res.writeHead(status, { "content-type": "application/json", ...headers });
      res.end(JSON.stringify(body));
    };
    if (url.pathname === "/.well-known/openid-configuration") {
      return send(200, {
        issuer,
        authorization_endpoint: `${issuer}/authorize`,
        token_endpoint: `${issuer}/token`,
        jwks_uri: `${issuer}/jwks`,
        userinfo_endpoint: `${issuer}/userinfo`,
        response_types_supported: ["code"],
        subject_types_supported: ["public"],
        id_token_signing_alg_values_supported: ["RS256"],
        token_endpoint_auth_methods_supported: ["client_secret_basic", "client_secret_post"],
        code_challenge_methods_supported: ["S256"],
      });
    }
    if (url.pathname === "/jwks") return send(200, { keys: [jwk] });
    if (url.pathname === "/authorize") {
      const code = randomBytes(16).toString("hex");
      codes.set(code, { email, verified, nonce: url.searchParams.get("nonce") ?? undefined });
      const back = new URL(url.searchParams.get("redirect_uri") ?? "");
      back.searchParams.set("code", code);
      back.searchParams.set("state", url.searchParams.get("state") ?? "");
      back.searchParams.set("iss", issuer);
      res.writeHead(302, { location: back.toString() });
      return res.end();
    }
    if (url.pathname === "/token" && req.method === "POST") {
      let raw = "";
      for await (const chunk of req) raw += chunk;
      const grant = codes.get(new URLSearchParams(raw).get("code") ?? "");
      if (!grant) return send(400, { error: "invalid_grant" });
      const idToken = await new SignJWT({
        email: grant.email,
        ...verifiedClaim(grant.verified),
        ...(grant.nonce ? { nonce: grant.nonce } : {}),
      })
        .setProtectedHeader({ alg: "RS256", kid: "test-key" })
        .setIssuer(issuer)
        .setAudience(clientId)
        .setSubject(`sub-${grant.email}`)
        .setIssuedAt()
        .setExpirationTime("5m")
        .sign(privateKey);
      return send(200, { access_token: `at-${grant.email}`, token_type: "Bearer", expires_in: 300, id_token: idToken });
    }
    if (url.pathname === "/userinfo") {
      const who = (req.headers.authorization ?? "").replace(/^Bearer at-/, "");
      return send(200, { sub: `sub-${who}`, email: who, ...verifiedClaim(verified) });
    }
    send(404, { error: "not_found" });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  issuer = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    issuer,
    signInAs: (e, opts = {}) => {
      email = e;
      verified = opts.emailVerified ?? true;
    },
    stop: () => new Promise((resolve) => server.close(() => resolve())),
  };
}
