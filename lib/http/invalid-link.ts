import type { ErrorDetail } from "@/lib/errors";

/** zod's enum refusal lists every allowed value; a person following a link needs to know which part is wrong. */
function friendly(message: string): string {
  return /^Invalid option: expected one of/i.test(message) ? "is not one of the choices this screen offers" : message;
}

/** One line per parameter of the link, in plain words. */
export function invalidLines(details: ErrorDetail[]): { path: string; message: string }[] {
  const seen = new Set<string>();
  return details.flatMap((d) => {
    if (seen.has(d.path)) return [];
    seen.add(d.path);
    return [{ path: d.path, message: friendly(d.message) }];
  });
}
