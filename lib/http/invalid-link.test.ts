import { describe, expect, it } from "vitest";
import { invalidLines } from "./invalid-link";

describe("an invalid link explained", () => {
  it("names each bad parameter once, without zod's list of allowed values", () => {
    expect(
      invalidLines([
        { path: "group_by", message: 'Invalid option: expected one of "model"|"team"|"user"' },
        { path: "group_by", message: "at most 2 dimensions" },
        { path: "month", message: "must be YYYY-MM" },
      ]),
    ).toEqual([
      { path: "group_by", message: "is not one of the choices this screen offers" },
      { path: "month", message: "must be YYYY-MM" },
    ]);
  });
});
