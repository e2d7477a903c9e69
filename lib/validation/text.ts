/**
 * Text PostgreSQL can store: `text` and `jsonb` refuse NUL, and a lone UTF-16 surrogate (valid in a JS string,
 * not in UTF-8) fails the whole statement — one bad field would otherwise cost every row written with it.
 */
export function storableTextProblem(value: string): string | null {
  if (value.includes("\u0000")) return "must not contain NUL characters";
  if (!value.isWellFormed()) return "must not contain unpaired UTF-16 surrogates";
  return null;
}

export function isStorableText(value: string): boolean {
  return storableTextProblem(value) === null;
}

/** For every text field the database stores: `z.string().max(200).refine(isStorableText, STORABLE_TEXT_MESSAGE)`. */
export const STORABLE_TEXT_MESSAGE = "must be text without NUL characters or unpaired UTF-16 surrogates";
