import { eq } from "drizzle-orm";
import { afterAll, afterEach, beforeAll, expect, it, vi } from "vitest";
import { alerts, providerSyncRuns } from "@/db/schema";
import { runAlertEvaluation } from "@/lib/alerts/evaluate";
import { type Ctx, systemContext } from "@/lib/auth/actor";
import { addWeeks, isoWeekOf, weekRange } from "@/lib/dates/weeks";
import { ingestEvents } from "@/lib/ingest/ingest-events";
import { listSyncRuns } from "@/lib/providers/queries";
import { DIGEST_HOUR_UTC } from "@/lib/review/digest";
import { describeEachDatabase } from "@/scripts/test/databases";
import { makeEvent } from "@/scripts/test/events";
import { type FakeServer, generateDataset, startFakeOpenAi } from "@/scripts/test/fake-providers";
import { APP_JOBS, providerSyncJob, registerAppJobs, weeklyDigestJob } from "./jobs";
import { runJobNow, startJobNow } from "./run-job";
import { startJobs, stopJobs } from "./runner";

// Monday 23 November 2026: the digest of 2026-W47 is due from 09:00 UTC.
const MONDAY_0900 = new Date("2026-11-23T09:00:00Z");
const data = generateDataset({
  start: new Date("2026-11-20T00:00:00Z"),
  days: 10,
  models: ["gpt-4.1-mini-2025-04-14"],
  projects: ["proj_jobs"],
  hours: [9],
});

// Today's week: last week's digest is due unless it is Monday before 09:00 UTC.
const thisWeek = isoWeekOf(new Date());
const lastWeekDue = Date.now() >= weekRange(thisWeek).start.getTime() + DIGEST_HOUR_UTC * 3_600_000;

// The provider-sync job reads its connection from the environment, as an install with OPENAI_ADMIN_KEY does.
let openai: FakeServer;
beforeAll(async () => {
  openai = await startFakeOpenAi(data, { key: "sk-admin-jobs" });
  vi.stubEnv("OPENAI_ADMIN_KEY", "sk-admin-jobs");
  vi.stubEnv("OPENAI_BASE_URL", `${openai.url}/v1`);
  // A hung request holds a run for a second before its retry.
  vi.stubEnv("BURNRATE_SYNC_TIMEOUT_SECONDS", "1");
});
afterAll(async () => {
  vi.unstubAllEnvs();
  await openai.close();
});

async function until(check: () => Promise<boolean>, what: string): Promise<void> {
  const deadline = Date.now() + 30_000;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

it("lists every job once, with its schedule; the digest on Monday 09:00 UTC", () => {
  expect(APP_JOBS.map((j) => [j.name, j.schedule])).toEqual([
    ["alerts-evaluate", { everySeconds: 60 }],
    ["aggregates-fold", { everySeconds: 60 }],
    ["provider-sync", { everySeconds: 3600 }],
    ["weekly-digest", { cron: "0 9 * * 1" }],
    ["prices-reprice", { everySeconds: 60 }],
    ["event-partitions", { everySeconds: 60 }],
  ]);
});

describeEachDatabase("jobs in one place", (t) => {
  const admin = (): Ctx => ({
    db: t.handle.db,
    actor: { kind: "user", userId: "u-admin", email: "admin@example.com", name: null, role: "admin" },
  });
  const runs = () => t.handle.db.select({ status: providerSyncRuns.status, trigger: providerSyncRuns.trigger }).from(providerSyncRuns);
  afterEach(async () => {
    await stopJobs();
    vi.useRealTimers();
  });

  it("two triggers at once with the scheduler off (the cron route on two instances): one run, the other told it is running", async () => {
    const cron = systemContext(t.handle.db, "cron");
    const results = await Promise.allSettled([
      runJobNow(cron, providerSyncJob, { trigger: "cron" }),
      runJobNow(cron, providerSyncJob, { trigger: "cron" }),
    ]);
    const ran = results.find((r) => r.status === "fulfilled");
    const refused = results.find((r) => r.status === "rejected");
    expect(ran?.value).toMatchObject({ status: "ok", providers: [{ provider: "openai", status: "ok" }] });
    expect(refused?.reason).toMatchObject({
      code: "conflict",
      message: "A provider sync is already running; try again when it has finished.",
    });
    expect(await runs()).toEqual([{ status: "ok", trigger: "cron" }]);
  });

  it("Sync now while a scheduled run is in progress: no second run, and the screen shows the one running", async () => {
    openai.faults.push({ hang: true, path: "usage" });
    registerAppJobs();
    await startJobs(t.handle, t.url);
    await until(async () => (await runs()).some((r) => r.status === "running"), "the scheduled run");

    await expect(startJobNow(admin(), providerSyncJob, { trigger: "manual" })).rejects.toMatchObject({
      code: "conflict",
      message: "A sync is already running; its progress is shown below.",
    });
    expect(await listSyncRuns(admin())).toMatchObject([{ trigger: "schedule", status: "running" }]);

    await until(async () => (await runs()).every((r) => r.status !== "running"), "the scheduled run to finish");
    expect(await runs()).toEqual([{ status: "ok", trigger: "schedule" }]);
    // Once it is done, Sync now starts a run of its own.
    await startJobNow(admin(), providerSyncJob, { trigger: "manual" });
    await until(async () => (await runs()).length === 2 && (await runs()).every((r) => r.status === "ok"), "the manual run");
  });

  it("the digest job sends last week's digest once, however often it runs; the evaluator no longer sends it", async () => {
    await ingestEvents(
      systemContext(t.handle.db),
      [makeEvent({ id: "w47-job", timestamp: "2026-11-17T10:00:00Z", cost_usd: "3" })],
      MONDAY_0900,
    );
    const digests = () => t.handle.db.select({ subject: alerts.subject }).from(alerts).where(eq(alerts.kind, "digest"));
    vi.useFakeTimers({ toFake: ["Date"], now: MONDAY_0900 });
    await runAlertEvaluation(systemContext(t.handle.db), MONDAY_0900);
    expect(await digests()).toEqual([]);

    const system = systemContext(t.handle.db);
    await Promise.all([runJobNow(system, weeklyDigestJob, undefined), runJobNow(system, weeklyDigestJob, undefined)]);
    await runJobNow(system, weeklyDigestJob, undefined);
    expect(await digests()).toEqual([{ subject: "2026-W47" }]);
  });
});

// A database of its own: the runner offers a job once per slot, and pg-boss's jobs outlive the tables emptied per test.
describeEachDatabase("the weekly digest job catching up", (t) => {
  afterEach(async () => {
    await stopJobs();
  });

  it.skipIf(!lastWeekDue)("the runner sends a digest it missed when it starts (the app was down on Monday 09:00)", async () => {
    const lastWeek = addWeeks(thisWeek, -1);
    await ingestEvents(systemContext(t.handle.db), [
      makeEvent({ id: "missed", timestamp: `${weekRange(lastWeek).firstDay}T12:00:00Z`, cost_usd: "1" }),
    ]);
    const digests = () => t.handle.db.select({ subject: alerts.subject }).from(alerts).where(eq(alerts.kind, "digest"));
    registerAppJobs();
    await startJobs(t.handle, t.url);
    await until(async () => (await digests()).length > 0, "the missed digest");
    expect(await digests()).toEqual([{ subject: lastWeek }]);
  });
});
