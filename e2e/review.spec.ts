import { expect, test } from "@playwright/test";
import { E2E_API_KEY } from "./support/constants";

// January 2026 is this spec's own month: ISO week 2026-W03 is Monday 12 – Sunday 18 January.
const at = (day: number, minute: number) => new Date(Date.UTC(2026, 0, day, 10, minute)).toISOString();

test("the weekly review ranks the week's expensive work with reasons; a teammate's mark persists and counts as progress", async ({
  page,
  request,
}) => {
  const loop = Array.from({ length: 10 }, (_, i) => ({
    id: `e2e-rev-loop-${i}`,
    timestamp: at(13, i),
    provider: "anthropic",
    model: "claude-sonnet-4-5",
    input_tokens: 40_000 + i * 10,
    cache_read_tokens: 20_000,
    output_tokens: 300,
    cost_usd: "0.3",
    feature: "triage",
    session: "e2e-rev-looping-agent",
    status: i < 4 ? "error" : "ok",
    user: "e2e-rev-dev@example.com",
    repo: "acme/e2e-review",
  }));
  const classify = Array.from({ length: 20 }, (_, i) => ({
    id: `e2e-rev-cls-${i}`,
    timestamp: at(14, i),
    provider: "openai",
    model: "gpt-4.1",
    input_tokens: 1500,
    output_tokens: 20,
    feature: "classify",
  }));
  const big = {
    id: "e2e-rev-huge",
    timestamp: at(15, 0),
    provider: "openai",
    model: "gpt-4.1",
    input_tokens: 160_000,
    output_tokens: 500,
    cost_usd: "0.5",
    feature: "research",
  };
  const events = [...loop, ...classify, big];
  const res = await request.post("/api/v1/events", { headers: { authorization: `Bearer ${E2E_API_KEY}` }, data: { events } });
  expect(await res.json()).toMatchObject({ accepted: events.length });

  await page.setViewportSize({ width: 1440, height: 1000 });
  // The review shows the week as the fold last stored it: within one evaluation interval (2 s here) of the ingest.
  await expect(async () => {
    await page.goto("/review?week=2026-W03");
    await expect(page.getByRole("article", { name: "request e2e-rev-huge" })).toBeVisible({ timeout: 1000 });
  }).toPass({ timeout: 30_000 });
  await expect(page.getByRole("heading", { name: "Weekly review", level: 1 })).toBeVisible();
  const progress = page.getByRole("region", { name: "Progress" });
  await expect(progress).toContainText("0 of");

  const session = page.getByRole("article", { name: "session e2e-rev-looping-agent" });
  await expect(session).toContainText("$3.00");
  // Who and where: the session names the person (no directory entry here: their user id) and the repo.
  await expect(session).toContainText("e2e-rev-dev@example.com · repo acme/e2e-review");
  await expect(session).toContainText("loop: 10 near-identical calls");
  await expect(session).toContainText("retry storm: 4 failed calls");
  await expect(page.getByRole("article", { name: "request e2e-rev-huge" })).toContainText("huge context: 160,000 input tokens");

  // Cache economics and right-sizing for the same week.
  await expect(page.getByRole("region", { name: "Cache economics" })).toContainText("triage");
  await expect(page.getByRole("region", { name: "Model right-sizing" })).toContainText("gpt-4.1 → gpt-4.1-mini");

  const form = session.getByRole("form", { name: "Mark session e2e-rev-looping-agent" });
  await form.getByLabel("Status").selectOption("fixed");
  await form.getByRole("checkbox", { name: "Loop" }).check();
  await form.getByRole("checkbox", { name: "Retry storm" }).check();
  await form.getByLabel("Owner").fill("ana@acme.test");
  await form.getByLabel("Note").fill("Capped retries at 2 and added a loop breaker.");
  await form.getByRole("button", { name: "Save mark" }).click();
  await expect(form.getByRole("status")).toHaveText("Saved");
  await expect(progress).toContainText("1 of");
  // The form keeps showing what was saved.
  await expect(form.getByLabel("Status")).toHaveValue("fixed");
  await page.screenshot({ path: "test-results/review.png", fullPage: true });

  await page.reload();
  const saved = page.getByRole("article", { name: "session e2e-rev-looping-agent" });
  await expect(saved.getByLabel("Status")).toHaveValue("fixed");
  await expect(saved.getByRole("checkbox", { name: "Loop" })).toBeChecked();
  await expect(saved.getByLabel("Note")).toHaveValue("Capped retries at 2 and added a loop breaker.");
  await expect(saved).toContainText("Marked by admin@e2e.burnrate");

  // The API answers the same marks.
  const api = await request.get("/api/v1/review?week=2026-W03", { headers: { authorization: `Bearer ${E2E_API_KEY}` } });
  const item = (await api.json()).items.find((i: { id: string }) => i.id === "e2e-rev-looping-agent");
  expect(item).toMatchObject({ kind: "session", status: "fixed", tags: ["loop", "retry_storm"], owner: "ana@acme.test" });
});
