/**
 * Signs in over HTTP exactly as a browser's form post does (CSRF token from /api/auth/csrf, then the
 * credentials callback) and returns the session cookie to send on later requests.
 */
export async function signInOverHttp(
  baseUrl: string,
  email: string,
  password: string,
  headers: Record<string, string> = {},
): Promise<{ cookie: string; setCookie: string[]; location: string | null }> {
  const csrfRes = await fetch(`${baseUrl}/api/auth/csrf`, { headers });
  const { csrfToken } = (await csrfRes.json()) as { csrfToken: string };
  const csrfCookie = cookiePairs(csrfRes.headers.getSetCookie());
  const res = await fetch(`${baseUrl}/api/auth/callback/credentials`, {
    method: "POST",
    redirect: "manual",
    headers: { ...headers, "content-type": "application/x-www-form-urlencoded", cookie: csrfCookie },
    body: new URLSearchParams({ csrfToken, email, password, callbackUrl: "/" }),
  });
  const setCookie = res.headers.getSetCookie();
  const session = setCookie.filter((c) => /^(__Secure-)?authjs\.session-token=/.test(c));
  if (session.length === 0) throw new Error(`sign-in as ${email} failed: ${res.status} ${res.headers.get("location")}`);
  return { cookie: cookiePairs(session), setCookie, location: res.headers.get("location") };
}

function cookiePairs(setCookie: string[]): string {
  return setCookie.map((c) => c.split(";")[0]).join("; ");
}
