import { expect, it } from "vitest";
import ourPackage from "@/package.json" with { type: "json" };
import { CATALOG_DATE, CATALOG_RELEASES, CATALOG_VERSION } from "./catalog-list";

it("names the pinned catalog and its release date, so a stale price can be told from a wrong one", () => {
  const pin = ourPackage.dependencies["@pydantic/genai-prices"];
  expect(pin).toMatch(/^\d+\.\d+\.\d+$/);
  expect(CATALOG_VERSION).toBe(`@pydantic/genai-prices ${pin}`);
  // Upgrading the pin without recording the new release's date fails here.
  expect(CATALOG_RELEASES[pin]).toMatch(/^\d{4}-\d{2}-\d{2}$/);
  expect(CATALOG_DATE).toBe(CATALOG_RELEASES[pin]);
});
