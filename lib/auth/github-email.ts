/**
 * GitHub's `/user` email is the public one a user chose, or null; only `/user/emails` says which address is
 * verified. Sign-in matches a member by the verified primary address, nothing else.
 */
export function verifiedPrimaryEmail(emails: unknown): string | null {
  if (!Array.isArray(emails)) return null;
  const found = emails.find(
    (e): e is { email: string } =>
      typeof e === "object" && e !== null && e.primary === true && e.verified === true && typeof e.email === "string",
  );
  return found ? found.email : null;
}

/** The userinfo step of the GitHub provider: the profile, with `email` replaced by the verified primary address. */
export async function githubUserinfo(
  apiBaseUrl: string,
  accessToken: string | undefined,
  fetchImpl: typeof fetch = fetch,
): Promise<Record<string, unknown>> {
  const headers = { Authorization: `Bearer ${accessToken}`, "User-Agent": "burnrate", Accept: "application/vnd.github+json" };
  const profile = (await (await fetchImpl(`${apiBaseUrl}/user`, { headers })).json()) as Record<string, unknown>;
  const res = await fetchImpl(`${apiBaseUrl}/user/emails`, { headers });
  const email = res.ok ? verifiedPrimaryEmail(await res.json()) : null;
  return { ...profile, email, email_verified: email !== null };
}
