import { describe, expect, it } from "vitest";
import { parseCustomerCsv } from "./parse-csv";

describe("customers CSV", () => {
  it("reads rows in any column order, with a BOM, quotes and blank lines", () => {
    const csv = '\uFEFFname,external_id,tier,monthly_revenue_usd\r\n"Acme, Inc.",acme,paid,99\r\n\r\nGlobex,globex,free,0\r\n';
    const p = parseCustomerCsv(csv);
    expect(p.errors).toEqual([]);
    expect(p.rows).toEqual([
      { line: 2, customer: { external_id: "acme", name: "Acme, Inc.", tier: "paid", monthly_revenue_usd: "99" } },
      { line: 3, customer: { external_id: "globex", name: "Globex", tier: "free", monthly_revenue_usd: "0" } },
    ]);
  });

  it("reports every bad row with its line and field, not only the first", () => {
    const csv = [
      "external_id,name,tier,monthly_revenue_usd",
      "a,A,paid,10",
      "b,B,gold,10",
      "c,C,paid,-5",
      "a,A again,paid,1",
      ",Nameless,free,0",
      "d,D,paid",
      "e,E,trial,1.5",
    ].join("\n");
    const p = parseCustomerCsv(csv);
    expect(p.rows.map((r) => r.customer.external_id)).toEqual(["a", "e"]);
    expect(p.errors.map((e) => [e.line, e.errors.map((x) => x.path).join(",")])).toEqual([
      [3, "tier"],
      [4, "monthly_revenue_usd"],
      [5, "external_id"],
      [6, "external_id"],
      [7, ""],
    ]);
    expect(p.errors[2]?.errors[0]?.message).toBe("Same id as line 2");
    expect(p.errors[4]?.errors[0]?.message).toBe("Expected 4 cells, found 3");
  });

  it("refuses a header that misses or invents columns, and an unreadable file", () => {
    expect(parseCustomerCsv("external_id,name,tier\nacme,Acme,paid").errors[0]?.errors[0]?.message).toContain(
      "missing: monthly_revenue_usd",
    );
    expect(parseCustomerCsv("external_id,name,tier,monthly_revenue_usd,plan\n").errors[0]?.errors[0]?.message).toContain("unknown: plan");
    expect(parseCustomerCsv("").errors[0]?.errors[0]?.message).toContain("empty");
    expect(parseCustomerCsv('external_id,name,tier,monthly_revenue_usd\n"acme,Acme,paid,1').errors[0]?.errors[0]?.message).toContain(
      "Not a readable CSV",
    );
  });
});
