import { parse } from "csv-parse/sync";
import { expect, it } from "vitest";
import { systemContext } from "@/lib/auth/actor";
import { ingestEvents } from "@/lib/ingest/ingest-events";
import { describeEachDatabase } from "@/scripts/test/databases";
import { makeEvent } from "@/scripts/test/events";
import { explorerCsv } from "./explorer-csv";
import { getExplorer } from "./get-explorer";
import { parseExplorerQuery } from "./view";

const NOW = new Date("2026-11-22T12:00:00Z");
const q = (query: string) => parseExplorerQuery(new URLSearchParams(query), NOW);

describeEachDatabase("Spend explorer CSV", (t) => {
  const ctx = () => systemContext(t.handle.db);

  it("has the rows the explorer's table shows for the same view, in its order, with exact decimals", async () => {
    const r = await ingestEvents(
      ctx(),
      [
        makeEvent({
          timestamp: "2026-11-02T10:00:00Z",
          team: "platform",
          model: "gpt-4o",
          input_tokens: 1000,
          cache_read_tokens: 800,
          output_tokens: 100,
          cost_usd: "0.10",
        }),
        makeEvent({
          timestamp: "2026-11-03T10:00:00Z",
          team: "platform",
          model: "gpt-4o-mini",
          input_tokens: 3000,
          output_tokens: 300,
          cost_usd: "0.2000000001",
        }),
        makeEvent({ timestamp: "2026-11-04T10:00:00Z", team: null, model: "gpt-4o", output_tokens: 50, cost_usd: "0.70" }), // 1000 input,
        makeEvent({ timestamp: "2026-11-05T10:00:00Z", team: "=cmd|' /C calc'!A0", model: "gpt-4o", cost_usd: "0.05" }),
        makeEvent({ timestamp: "2026-11-05T11:00:00Z", team: "growth", model: "gpt-4o", environment: "staging", cost_usd: "9" }),
      ],
      NOW,
    );
    expect(r.rejected).toEqual([]);
    const input = q("from=2026-11-01&to=2026-11-22&group_by=team,model&environment=production&measure=cost");
    const [x, csv] = await Promise.all([getExplorer(ctx(), input, "cost"), explorerCsv(ctx(), input, "cost")]);
    expect(csv.filename).toBe("burnrate-spend-team-model-2026-11-01-2026-11-22.csv");

    const [header, ...rows] = parse(csv.body) as string[][];
    expect(header).toEqual([
      "team",
      "model",
      "unused_plan_fee",
      "requests",
      "tokens",
      "input_tokens",
      "output_tokens",
      "cache_read_tokens",
      "cache_write_tokens",
      "cost_usd",
      "list_cost_usd",
      "effective_cost_usd",
      "cost_per_request_usd",
      "tokens_per_request",
      "cache_hit_rate",
      "share_of_cost",
    ]);
    // Staging is filtered out; the rows are the table's, in the table's order, keys as URL values ("" = not set).
    const unquote = (cell = "") => cell.replace(/^'(?=[=+\-@])/, "");
    expect(rows.map((row) => [unquote(row[0]), row[1], row[3], row[9]])).toEqual(
      x.rows.map((row) => [row.values[0], row.values[1], String(row.requests), row.cost_usd]),
    );
    expect(rows).toEqual([
      [
        "",
        "gpt-4o",
        "false",
        "1",
        "1050",
        "1000",
        "50",
        "0",
        "0",
        "0.7000000000",
        "0.7000000000",
        "0.7000000000",
        "0.7000000000",
        "1050.00",
        "0.000000",
        "0.666667",
      ],
      [
        "platform",
        "gpt-4o-mini",
        "false",
        "1",
        "3300",
        "3000",
        "300",
        "0",
        "0",
        "0.2000000001",
        "0.2000000001",
        "0.2000000001",
        "0.2000000001",
        "3300.00",
        "0.000000",
        "0.190476",
      ],
      [
        "platform",
        "gpt-4o",
        "false",
        "1",
        "1100",
        "1000",
        "100",
        "800",
        "0",
        "0.1000000000",
        "0.1000000000",
        "0.1000000000",
        "0.1000000000",
        "1100.00",
        "0.800000",
        "0.095238",
      ],
      // A value a spreadsheet would run as a formula starts with a quote.
      [
        "'=cmd|' /C calc'!A0",
        "gpt-4o",
        "false",
        "1",
        "1200",
        "1000",
        "200",
        "0",
        "0",
        "0.0500000000",
        "0.0500000000",
        "0.0500000000",
        "0.0500000000",
        "1200.00",
        "0.000000",
        "0.047619",
      ],
    ]);
  });

  it("a view with no groups is the header alone", async () => {
    const csv = await explorerCsv(ctx(), q("from=2026-11-01&to=2026-11-22&group_by=person"), "effective");
    expect(csv.body).toBe(
      "person,person_name,unused_plan_fee,requests,tokens,input_tokens,output_tokens,cache_read_tokens,cache_write_tokens,cost_usd,list_cost_usd,effective_cost_usd,effective_cost_per_request_usd,tokens_per_request,cache_hit_rate,share_of_effective_cost\n",
    );
  });
});
