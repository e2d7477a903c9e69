import { expect, it } from "vitest";
import { openSecret, sealSecret } from "./secret-box";

const SECRET = "a-burnrate-secret-of-at-least-32-characters";

it("seals an admin key so the stored value never contains it, and opens it only with the same secret", () => {
  const sealed = sealSecret("sk-admin-abcdef123456", SECRET);
  expect(sealed).not.toContain("sk-admin");
  expect(sealed).not.toBe(sealSecret("sk-admin-abcdef123456", SECRET)); // fresh IV each time
  expect(openSecret(sealed, SECRET)).toBe("sk-admin-abcdef123456");
  expect(() => openSecret(sealed, `${SECRET}-rotated`)).toThrow();
  const [v, iv, tag, body] = sealed.split(".");
  const flipped = `${body?.[0] === "A" ? "B" : "A"}${body?.slice(1)}`;
  expect(() => openSecret([v, iv, tag, flipped].join("."), SECRET)).toThrow();
});
