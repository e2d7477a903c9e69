import Big from "big.js";

/** One person of the fake team, as each tool names them. */
export interface FakePerson {
  email: string;
  login: string;
  /** Claude Code through a Team subscription (true) or API keys (false). */
  subscription: boolean;
}

export interface FakeClaudeRecord {
  day: string;
  email: string;
  subscription: boolean;
  sessions: number;
  linesAdded: number;
  linesRemoved: number;
  commits: number;
  prs: number;
  models: { model: string; input: number; output: number; cacheRead: number; cacheCreation: number; cents: number }[];
}

export interface FakeCursorEvent {
  ms: number;
  email: string;
  model: string;
  kind: string;
  conversationId: string;
  input: number;
  output: number;
  cacheRead: number;
  cacheWrite: number;
  /** Cents with up to four decimals, exact as a decimal string. */
  chargedCents: string;
}

export interface FakeCopilotItem {
  day: string;
  /** null: usage the org report holds that no user query returns (a login without metrics, say). */
  login: string | null;
  model: string;
  credits: number;
  /** Credits the included pool covered. */
  discounted: number;
}

export interface FakeToolDataset {
  people: FakePerson[];
  /** People whose Cursor membership was removed (listed by the members API, not a seat). */
  removed: string[];
  claude: FakeClaudeRecord[];
  cursor: FakeCursorEvent[];
  copilot: FakeCopilotItem[];
  /** Copilot seats beyond the people (idle seats: no usage, no login of ours). */
  idleSeats: string[];
}

const DAY = 86_400_000;
const CLAUDE_MODELS = ["claude-sonnet-4-5-20250929", "claude-haiku-4-5-20251001"];
const CURSOR_MODELS = ["claude-4.5-sonnet", "gpt-5", "composer-1"];
const COPILOT_MODELS = ["Claude Sonnet 4.5", "GPT-5", "Auto: GPT-5.3-Codex"];

/**
 * A deterministic team of `people` using all three tools for `days` from `start` (UTC midnight): Claude Code day
 * records (even people on the Team subscription, odd ones on API keys), `cursorEvents` Cursor events per person-day
 * (every fifth usage-based, every seventh errored), Copilot AI credits per person-day and model with part of them
 * covered by the pool, plus one unattributed org line a day. Nobody uses anything on `quietDays`.
 */
export function generateToolDataset(opts: {
  start: Date;
  days: number;
  /** How many people (`dev000@acme.example`, login `dev000-gh`, …), or the team itself. */
  people: number | FakePerson[];
  cursorEvents?: number;
  quietDays?: number[];
}): FakeToolDataset {
  const people: FakePerson[] =
    typeof opts.people === "number"
      ? Array.from({ length: opts.people }, (_, i) => ({
          email: `dev${String(i).padStart(3, "0")}@acme.example`,
          login: `dev${String(i).padStart(3, "0")}-gh`,
          subscription: i % 2 === 0,
        }))
      : opts.people;
  const data: FakeToolDataset = {
    people,
    removed: ["gone@acme.example"],
    claude: [],
    cursor: [],
    copilot: [],
    idleSeats: ["idle-seat-gh"],
  };
  const perDay = opts.cursorEvents ?? 3;
  for (let d = 0; d < opts.days; d++) {
    if (opts.quietDays?.includes(d)) continue;
    const t0 = opts.start.getTime() + d * DAY;
    const day = new Date(t0).toISOString().slice(0, 10);
    people.forEach((p, i) => {
      const n = d * 31 + i * 7;
      data.claude.push({
        day,
        email: p.email,
        subscription: p.subscription,
        sessions: 1 + (n % 5),
        linesAdded: 40 + (n % 300),
        linesRemoved: n % 90,
        commits: n % 4,
        prs: n % 3 === 0 ? 1 : 0,
        models: CLAUDE_MODELS.slice(0, 1 + (n % 2)).map((model, k) => ({
          model,
          input: 1000 + ((n + k) % 50) * 100,
          output: 500 + ((n * 3 + k) % 40) * 25,
          cacheRead: 20_000 + (n % 10) * 1000,
          cacheCreation: 2000 + (n % 7) * 100,
          cents: 10 + ((n + k * 13) % 190),
        })),
      });
      for (let e = 0; e < perDay; e++) {
        const m = n + e;
        const kind = m % 7 === 6 ? "Errored, Not Charged" : m % 5 === 4 ? "Usage-based" : "Included in Business";
        data.cursor.push({
          ms: t0 + 3_600_000 * (1 + ((i + e * 5) % 22)) + e * 1000 + i,
          email: p.email,
          model: CURSOR_MODELS[m % 3] as string,
          kind,
          conversationId: `conv-${i}-${d}-${Math.floor(e / 2)}`,
          input: kind.startsWith("Errored") ? 0 : 20_000 + (m % 13) * 1000,
          output: kind.startsWith("Errored") ? 0 : 1500 + (m % 11) * 100,
          cacheRead: kind.startsWith("Errored") ? 0 : 100_000 + (m % 9) * 5000,
          cacheWrite: kind.startsWith("Errored") ? 0 : (m % 3) * 4000,
          chargedCents: kind.startsWith("Errored") ? "0" : new Big(15 + (m % 40)).plus(new Big(m % 10_000).div(10_000)).toFixed(),
        });
      }
      COPILOT_MODELS.forEach((model, k) => {
        if ((n + k) % 3 === 2) return;
        const credits = 20 + ((n + k * 17) % 200);
        data.copilot.push({ day, login: p.login, model, credits, discounted: (n + k) % 4 === 0 ? Math.floor(credits / 3) : credits });
      });
    });
    data.copilot.push({ day, login: null, model: "GPT-5", credits: 55, discounted: 55 });
  }
  return data;
}

/** What a sync of the whole dataset must store, in exact decimal strings (USD). */
export function expectedToolTotals(data: FakeToolDataset) {
  const cents = (c: Big) => c.div(100);
  const claude = data.claude.reduce((s, r) => r.models.reduce((t, m) => t.plus(m.cents), s), new Big(0));
  const claudeSubscription = data.claude
    .filter((r) => r.subscription)
    .reduce((s, r) => r.models.reduce((t, m) => t.plus(m.cents), s), new Big(0));
  const claudeTokens = data.claude.reduce((s, r) => r.models.reduce((t, m) => t + m.input + m.cacheRead + m.cacheCreation, s), 0);
  const cursorAll = data.cursor.reduce((s, e) => s.plus(e.chargedCents), new Big(0));
  const cursorOnDemand = data.cursor.filter((e) => e.kind === "Usage-based").reduce((s, e) => s.plus(e.chargedCents), new Big(0));
  const credits = data.copilot.reduce((s, c) => s + c.credits, 0);
  const billed = data.copilot.reduce((s, c) => s + (c.credits - c.discounted), 0);
  return {
    claudeUsd: cents(claude).toFixed(),
    claudeSubscriptionUsd: cents(claudeSubscription).toFixed(),
    claudeInputTokens: claudeTokens,
    claudeLines: data.claude.length,
    cursorUsd: cents(cursorAll).toFixed(),
    cursorOnDemandUsd: cents(cursorOnDemand).toFixed(),
    cursorEvents: data.cursor.length,
    copilotUsd: new Big(credits).div(100).toFixed(),
    copilotBilledUsd: new Big(billed).div(100).toFixed(),
  };
}
