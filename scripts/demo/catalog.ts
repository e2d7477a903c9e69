/** The cast of the demo: the company (Acme), its people, customers, repos and the models they call. */

export interface ModelProfile {
  provider: "openai" | "anthropic" | "google";
  /** Time to first token, ms. */
  ttftMs: number;
  msPerOutputToken: number;
}

/** Ids priced by @pydantic/genai-prices 0.1.8, plus one in-house fine-tune it does not know (the unpriced path). */
export const MODELS = {
  "gpt-5": { provider: "openai", ttftMs: 900, msPerOutputToken: 9 },
  "gpt-5-mini": { provider: "openai", ttftMs: 500, msPerOutputToken: 5 },
  "gpt-5-codex": { provider: "openai", ttftMs: 800, msPerOutputToken: 8 },
  "gpt-4.1": { provider: "openai", ttftMs: 600, msPerOutputToken: 7 },
  "gpt-4.1-mini": { provider: "openai", ttftMs: 350, msPerOutputToken: 4 },
  o3: { provider: "openai", ttftMs: 1500, msPerOutputToken: 10 },
  "claude-sonnet-4-5": { provider: "anthropic", ttftMs: 900, msPerOutputToken: 14 },
  "claude-opus-4-1": { provider: "anthropic", ttftMs: 1400, msPerOutputToken: 25 },
  "claude-haiku-4-5": { provider: "anthropic", ttftMs: 350, msPerOutputToken: 5 },
  "gemini-2.5-pro": { provider: "google", ttftMs: 1200, msPerOutputToken: 8 },
  "gemini-2.5-flash": { provider: "google", ttftMs: 450, msPerOutputToken: 3 },
  "ft:gpt-4.1-mini:acme:triage-v3": { provider: "openai", ttftMs: 250, msPerOutputToken: 5 },
} as const satisfies Record<string, ModelProfile>;

export type ModelId = keyof typeof MODELS;

export const UNKNOWN_MODEL: ModelId = "ft:gpt-4.1-mini:acme:triage-v3";

export const TEAMS = ["platform", "growth", "support-ai", "data"] as const;
export type Team = (typeof TEAMS)[number];

export interface Person {
  email: string;
  team: Team;
  /** Hours from UTC of the person's working day. */
  utcOffset: number;
  repos: readonly Repo[];
  /** Expected Claude Code / Codex sessions per working day. */
  claudeCodeSessions: number;
  codexSessions: number;
  /** Share of Claude Code turns run on Opus instead of Sonnet. */
  opusShare: number;
}

export const REPOS = ["acme/web", "acme/api", "acme/billing", "acme/infra", "acme/data-pipeline", "acme/support-bot"] as const;
export type Repo = (typeof REPOS)[number];

/** The next PR number of each repo on the first day of the demo. */
export const FIRST_PR_NUMBER: Record<Repo, number> = {
  "acme/web": 1412,
  "acme/api": 887,
  "acme/billing": 214,
  "acme/infra": 532,
  "acme/data-pipeline": 96,
  "acme/support-bot": 57,
};

export const PEOPLE: readonly Person[] = [
  {
    email: "maya.chen@acme.dev",
    team: "platform",
    utcOffset: -8,
    repos: ["acme/api", "acme/infra"],
    claudeCodeSessions: 1.5,
    codexSessions: 0,
    opusShare: 0.1,
  },
  {
    email: "li.wei@acme.dev",
    team: "platform",
    utcOffset: 8,
    repos: ["acme/api", "acme/billing"],
    claudeCodeSessions: 0.8,
    codexSessions: 0.7,
    opusShare: 0.05,
  },
  {
    email: "arjun.patel@acme.dev",
    team: "platform",
    utcOffset: 5.5,
    repos: ["acme/infra", "acme/api"],
    claudeCodeSessions: 1.3,
    codexSessions: 0,
    opusShare: 0.45,
  },
  {
    email: "sofia.rossi@acme.dev",
    team: "platform",
    utcOffset: 1,
    repos: ["acme/web", "acme/api"],
    claudeCodeSessions: 1.3,
    codexSessions: 0,
    opusShare: 0.1,
  },
  {
    email: "tom.becker@acme.dev",
    team: "growth",
    utcOffset: 1,
    repos: ["acme/web"],
    claudeCodeSessions: 0.7,
    codexSessions: 0.8,
    opusShare: 0,
  },
  {
    email: "nina.ivanova@acme.dev",
    team: "growth",
    utcOffset: 2,
    repos: ["acme/web", "acme/billing"],
    claudeCodeSessions: 1.1,
    codexSessions: 0,
    opusShare: 0.15,
  },
  {
    email: "omar.haddad@acme.dev",
    team: "support-ai",
    utcOffset: -5,
    repos: ["acme/support-bot"],
    claudeCodeSessions: 1,
    codexSessions: 0,
    opusShare: 0.05,
  },
  {
    email: "grace.kim@acme.dev",
    team: "support-ai",
    utcOffset: -8,
    repos: ["acme/support-bot", "acme/api"],
    claudeCodeSessions: 0.3,
    codexSessions: 0.7,
    opusShare: 0,
  },
  {
    email: "dana.okafor@acme.dev",
    team: "data",
    utcOffset: -5,
    repos: ["acme/data-pipeline"],
    claudeCodeSessions: 0,
    codexSessions: 0,
    opusShare: 0,
  },
  {
    email: "felix.martin@acme.dev",
    team: "data",
    utcOffset: 1,
    repos: ["acme/data-pipeline"],
    claudeCodeSessions: 0.8,
    codexSessions: 0,
    opusShare: 0.1,
  },
];

/** The analyst who summarizes contracts by hand on a ChatGPT plan. */
export const BULK_USER = "dana.okafor@acme.dev";

export const CUSTOMERS = ["globex", "initech", "umbrella", "hooli", "soylent"] as const;
export type Customer = (typeof CUSTOMERS)[number];

export const CUSTOMER_WEIGHTS: readonly (readonly [Customer, number])[] = [
  ["globex", 34],
  ["initech", 24],
  ["umbrella", 20],
  ["hooli", 14],
  ["soylent", 8],
];

export const FEATURES = ["chat", "summarize", "extract", "triage-bot", "evals", "code-review"] as const;
export type Feature = (typeof FEATURES)[number];

export const FEATURE_TEAM: Record<Feature, Team> = {
  chat: "growth",
  summarize: "growth",
  extract: "data",
  "triage-bot": "support-ai",
  evals: "data",
  "code-review": "platform",
};

export const WORKFLOWS = ["planning", "exploration", "codegen", "testing", "review"] as const;
export type Workflow = (typeof WORKFLOWS)[number];

export const TOOLS = ["bash", "github-mcp", "postgres-mcp", "browser", "web-search"] as const;
export type Tool = (typeof TOOLS)[number];

export const AGENTS = ["claude-code", "codex", "review-bot", "ci-fixer", "triage-bot"] as const;

export const PLANS = { claudeCode: "Claude Team", chatgpt: "ChatGPT Business" } as const;

export function teamMembers(team: Team): Person[] {
  return PEOPLE.filter((p) => p.team === team);
}

export function githubLogin(email: string): string {
  return email.split("@")[0]!.replaceAll(".", "-");
}
