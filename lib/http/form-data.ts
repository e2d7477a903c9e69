import { z } from "zod";

export type FormValue = FormDataEntryValue | FormDataEntryValue[];

/** A form's entries as an object: a name sent once is its value, a name sent several times (checkboxes) a list. */
export function formObject(form: FormData): Record<string, FormValue> {
  const out: Record<string, FormValue> = {};
  for (const key of new Set(form.keys())) {
    const all = form.getAll(key);
    out[key] = all.length === 1 ? (all[0] as FormDataEntryValue) : all;
  }
  return out;
}

/** A text input: missing is "", a repeated name keeps its first value (as `FormData.get` does). */
export function formText() {
  return z.preprocess((v) => (Array.isArray(v) ? v[0] : v) ?? "", z.string());
}

/** Checkboxes sharing a name: none checked sends nothing, one sends a value, several a list. */
export function formList() {
  return z.preprocess((v) => (v === undefined ? [] : Array.isArray(v) ? v : [v]), z.array(z.string()));
}

/** A file input: an empty one (nothing chosen) counts as absent. */
export function formFile() {
  return z.preprocess((v) => (v instanceof File && v.size > 0 ? v : undefined), z.instanceof(File).optional());
}

/** A form that names one record (delete, revoke, remove buttons). */
export const IdForm = z.object({ id: formText() });

/** A button with no fields. */
export const NoFields = z.object({});
