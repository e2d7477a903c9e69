import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { makeEvent } from "@/scripts/test/events";
import { signInOverHttp } from "@/scripts/test/session";
import { type Backend, MEMBER_PASSWORD, ROLE_EMAILS, startBackend, testBackends } from "./support/backends";

const CALLS = 120;

for (const kind of testBackends()) {
  describe(`a long session's page over HTTP [${kind}]`, () => {
    let b: Backend;
    let cookie: string;
    beforeAll(async () => {
      b = await startBackend(kind);
      const events = Array.from({ length: CALLS }, (_, i) =>
        makeEvent({
          id: `long-${i + 1}`,
          timestamp: new Date(Date.UTC(2026, 10, 10, 12, 0, i)).toISOString(),
          session: "long-run",
          cost_usd: "0.01",
        }),
      );
      const res = await fetch(`${b.server.url}/api/v1/events`, {
        method: "POST",
        headers: { authorization: `Bearer ${b.keys.ingest}`, "content-type": "application/json" },
        body: JSON.stringify({ events }),
      });
      expect(await res.json()).toMatchObject({ accepted: CALLS });
      cookie = (await signInOverHttp(b.server.url, ROLE_EMAILS.member, MEMBER_PASSWORD)).cookie;
    });
    afterAll(async () => {
      await b?.close();
    });

    /** The page's text (React separates adjacent text with empty comments) and its calls table's numbered rows. */
    async function page(query = "") {
      const res = await fetch(`${b.server.url}/sessions/long-run${query}`, { headers: { cookie } });
      expect(res.status).toBe(200);
      const html = (await res.text()).replaceAll("<!-- -->", "");
      const table = html.slice(html.indexOf("Calls in order"));
      const numbers = [...table.matchAll(/<tr><td[^>]*>(\d+)<\/td>/g)].map((m) => Number(m[1]));
      return { html, numbers };
    }

    it("shows fifty calls a page, numbered through the session, with the totals of every call", async () => {
      const first = await page();
      expect(first.numbers).toEqual(Array.from({ length: 50 }, (_, i) => i + 1));
      expect(first.html).toContain("Calls 1–50 of 120");
      expect(first.html).toContain("Page 1 of 3");
      expect(first.html).toContain('href="/sessions/long-run?page=2#calls-heading"');
      expect(first.html).toContain(">Show all 120 calls<");
      // The totals (and the $1.20 the last call's running total reaches) cover all 120 calls, not the page.
      expect(first.html).toContain("$1.20");

      const last = await page("?page=3");
      expect(last.numbers).toEqual(Array.from({ length: 20 }, (_, i) => i + 101));
      expect(last.html).toContain("Calls 101–120 of 120");
      expect(last.html).not.toContain(">Next<");
    });

    it("shows every call on one page when asked, and reads a page past the end as the last", async () => {
      const all = await page("?page=all");
      expect(all.numbers).toHaveLength(CALLS);
      expect(all.html).toContain(">Show 50 per page<");

      expect((await page("?page=99")).numbers[0]).toBe(101);
      expect((await page("?page=x")).numbers[0]).toBe(1);
    });
  });
}
