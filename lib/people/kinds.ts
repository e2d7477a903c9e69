import { z } from "zod";
import { isStorableText, STORABLE_TEXT_MESSAGE } from "@/lib/validation/text";

/** Where an alias kind's values appear, so resolution knows which identity it matches. */
export type IdentitySource =
  /** an event's `user` (OpenTelemetry's user.email or account id, an app's user tag, a coding tool's user) */
  | "event_user"
  /** an event's `api_key`: the Burnrate key that sent it */
  | "event_api_key"
  /** an OpenAI usage/cost bucket's `api_key_id` */
  | "openai_api_key"
  /** an Anthropic usage/cost bucket's `api_key_id` */
  | "anthropic_api_key"
  /** a pull request's author */
  | "pr_author";

interface KindSpec {
  label: string;
  matches: IdentitySource[];
  /** Matched case-insensitively, so stored lowercased. */
  caseless: boolean;
  email?: true;
}

/** Every alias kind but the free `other:<kind>` ones (which match an event's `user`, case-insensitively). */
export const ALIAS_KINDS = {
  email: { label: "Email", matches: ["event_user"], caseless: true, email: true },
  github_login: { label: "GitHub login", matches: ["pr_author", "event_user"], caseless: true },
  api_key: { label: "Burnrate API key id", matches: ["event_api_key"], caseless: false },
  openai_user_id: { label: "OpenAI user id", matches: ["event_user"], caseless: true },
  openai_api_key_id: { label: "OpenAI API key id", matches: ["openai_api_key"], caseless: false },
  anthropic_api_key: { label: "Anthropic API key id", matches: ["anthropic_api_key"], caseless: false },
  cursor_email: { label: "Cursor email", matches: ["event_user"], caseless: true, email: true },
  copilot_login: { label: "Copilot login", matches: ["event_user"], caseless: true },
  otel_account_uuid: { label: "OpenTelemetry account id", matches: ["event_user"], caseless: true },
} as const satisfies Record<string, KindSpec>;

export type NamedAliasKind = keyof typeof ALIAS_KINDS;
export const NAMED_ALIAS_KINDS = Object.keys(ALIAS_KINDS) as NamedAliasKind[];
const OTHER_KIND = /^other:[a-z0-9][a-z0-9_.-]{0,49}$/;

const OTHER: KindSpec = { label: "Other", matches: ["event_user"], caseless: true };

export function kindSpec(kind: string): KindSpec {
  return (ALIAS_KINDS as Record<string, KindSpec>)[kind] ?? OTHER;
}

/** The alias kinds whose values an event's `user` is matched against (`other:*` included), as SQL's `kind` test. */
export const EVENT_USER_KINDS = NAMED_ALIAS_KINDS.filter((k) => kindSpec(k).matches.includes("event_user"));

/** The alias kinds that hold an email: a sign-in email or a seat holder's email finds a person through them too. */
export const EMAIL_KINDS = NAMED_ALIAS_KINDS.filter((k) => kindSpec(k).email === true);

/** The kind a provider's bucket key is an alias of. */
export const PROVIDER_KEY_KINDS = { openai: "openai_api_key_id", anthropic: "anthropic_api_key" } as const;

const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

export const AliasKind = z
  .string()
  .trim()
  .refine((k) => k in ALIAS_KINDS || OTHER_KIND.test(k), {
    message: `must be one of ${NAMED_ALIAS_KINDS.join(", ")}, or other:<kind> (lower-case letters, digits, _ . -)`,
  });

/** An alias as the API and the CSV import take it; its value normalised as its kind is matched (lib/people/resolve.ts). */
export const AliasInput = z
  .object({
    kind: AliasKind,
    value: z.string().trim().min(1, "must not be empty").max(200, "at most 200 characters").refine(isStorableText, STORABLE_TEXT_MESSAGE),
  })
  .transform((a) => ({ kind: a.kind, value: normaliseAliasValue(a.kind, a.value) }))
  .refine((a) => !kindSpec(a.kind).email || EMAIL.test(a.value), { path: ["value"], message: "must be an email address" });
export type AliasInput = z.infer<typeof AliasInput>;

export function normaliseAliasValue(kind: string, value: string): string {
  const v = value.trim();
  return kindSpec(kind).caseless ? v.toLowerCase() : v;
}

/** A primary email: trimmed, lowercased. */
export const PersonEmail = z
  .string()
  .trim()
  .toLowerCase()
  .max(200, "at most 200 characters")
  .regex(EMAIL, "must be an email address")
  .refine(isStorableText, STORABLE_TEXT_MESSAGE);

/** The kind an identity seen in usage most likely is, for linking it from the unmapped list. */
export function guessUserKind(value: string): string {
  if (EMAIL.test(value)) return "email";
  if (/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(value)) return "otel_account_uuid";
  // OpenAI's user ids (what apps pass as `user`, and the usage API's user_id) look like user-AbC123….
  if (/^user-[A-Za-z0-9]{6,}$/.test(value)) return "openai_user_id";
  return "other:user";
}

/** `kind:value` pairs separated by `;` or new lines (a CSV cell, a form field), unvalidated: `AliasInput` checks each. */
export function parseAliasList(text: string): { kind: string; value: string }[] {
  return text
    .split(/[;\n]/)
    .map((a) => a.trim())
    .filter(Boolean)
    .map((pair) => {
      const at = pair.startsWith("other:") ? pair.indexOf(":", "other:".length) : pair.indexOf(":");
      return at < 0 ? { kind: pair, value: "" } : { kind: pair.slice(0, at).trim(), value: pair.slice(at + 1).trim() };
    });
}
