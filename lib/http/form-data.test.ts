import { describe, expect, it } from "vitest";
import { z } from "zod";
import { formFile, formList, formObject, formText } from "./form-data";

function form(entries: [string, string | File][]): FormData {
  const fd = new FormData();
  for (const [k, v] of entries) fd.append(k, v);
  return fd;
}

const Schema = z.object({ name: formText(), note: formText(), tags: formList(), file: formFile() });

describe("form data → zod", () => {
  it("reads text inputs, and a missing one as empty", () => {
    expect(Schema.parse(formObject(form([["name", " Ada "]])))).toEqual({ name: " Ada ", note: "", tags: [] });
  });

  it("reads checkboxes: none, one and several checked", () => {
    expect(Schema.parse(formObject(form([]))).tags).toEqual([]);
    expect(Schema.parse(formObject(form([["tags", "waste"]]))).tags).toEqual(["waste"]);
    expect(
      Schema.parse(
        formObject(
          form([
            ["tags", "waste"],
            ["tags", "loop"],
          ]),
        ),
      ).tags,
    ).toEqual(["waste", "loop"]);
  });

  it("keeps the first value of a repeated text input, as FormData.get does", () => {
    expect(
      Schema.parse(
        formObject(
          form([
            ["name", "a"],
            ["name", "b"],
          ]),
        ),
      ).name,
    ).toBe("a");
  });

  it("treats an empty file input as absent and keeps a chosen file", () => {
    expect(Schema.parse(formObject(form([["file", new File([], "")]]))).file).toBeUndefined();
    const chosen = Schema.parse(formObject(form([["file", new File(["a,b"], "c.csv")]]))).file;
    expect(chosen?.name).toBe("c.csv");
  });

  it("refuses a file where text is expected", () => {
    const parsed = Schema.safeParse(formObject(form([["name", new File(["x"], "x.txt")]])));
    expect(parsed.success).toBe(false);
    expect(parsed.error?.issues[0]?.path).toEqual(["name"]);
  });
});
