import { type Answer, type FakeServer, startFake } from "./fake-providers/server";

export interface FakeGithubUser {
  login: string;
  name?: string | null;
  /** The public email (null when the member keeps it private). */
  email?: string | null;
  type?: "User" | "Bot";
}

/**
 * A fake of GitHub's REST API for an organisation's members: `GET /orgs/{org}/members?per_page&page` (simple user
 * items: login, id, type…; pages by `page`, with a Link header as GitHub sends) and `GET /users/{login}` (name and
 * public email, null when private). Bearer `token` only; 404 for another org or an unknown user.
 */
export function startFakeGithubOrg(opts: { org: string; token: string; members: FakeGithubUser[] }): Promise<FakeServer> {
  const error = (_status: number, _type: string, message: string) => ({ message, documentation_url: "https://docs.github.com/rest" });
  return startFake(
    (url): Answer => {
      const members = url.pathname.match(/^\/orgs\/([^/]+)\/members$/);
      if (members) {
        if (members[1] !== opts.org) return { status: 404, body: error(404, "", "Not Found") };
        const perPage = Math.min(100, Number(url.searchParams.get("per_page") ?? 30));
        const page = Number(url.searchParams.get("page") ?? 1);
        const slice = opts.members.slice((page - 1) * perPage, page * perPage);
        const last = Math.max(1, Math.ceil(opts.members.length / perPage));
        const link = (p: number, rel: string) => `<${url.origin}${url.pathname}?per_page=${perPage}&page=${p}>; rel="${rel}"`;
        return {
          status: 200,
          headers: page < last ? { link: [link(page + 1, "next"), link(last, "last")].join(", ") } : undefined,
          body: slice.map((m, i) => ({
            login: m.login,
            id: 1000 + i,
            node_id: `MDQ6VXNlcj${i}`,
            type: m.type ?? "User",
            site_admin: false,
            url: `${url.origin}/users/${m.login}`,
          })),
        };
      }
      const user = url.pathname.match(/^\/users\/([^/]+)$/);
      const found = user ? opts.members.find((m) => m.login === decodeURIComponent(user[1] ?? "")) : undefined;
      if (!found) return { status: 404, body: error(404, "", "Not Found") };
      return {
        status: 200,
        body: { login: found.login, id: 1, type: found.type ?? "User", name: found.name ?? null, email: found.email ?? null },
      };
    },
    { authorized: (req) => req.headers.authorization === `Bearer ${opts.token}`, error },
  );
}
