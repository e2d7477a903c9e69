import type { Metadata } from "next";
import Link from "next/link";
import { Badge } from "@/components/ui/badge";
import { InvalidView } from "@/components/ui/invalid-view";
import { ListTable, NumCell } from "@/components/ui/list-table";
import { Panel, PanelEmpty } from "@/components/ui/panel";
import { PeriodPicker } from "@/components/ui/period-picker";
import { globalAlertWebhook } from "@/lib/alerts/destination";
import { can } from "@/lib/auth/permissions";
import { addWeeks, weekRange } from "@/lib/dates/weeks";
import { formatCount, formatDate, formatUsd } from "@/lib/format";
import { requireUser } from "@/lib/http/guard";
import { readContext } from "@/lib/http/read-context";
import { getCacheEconomics, getRightSizing } from "@/lib/review/economics";
import { type DigestStatus, getDigestStatus, getReview, lastWeek, listReviewHistory, type ReviewItem } from "@/lib/review/queries";
import { REVIEW_RULES, STATUS_LABELS } from "@/lib/review/rules";
import { CacheSection, RightSizingSection } from "./economics-sections";
import { MarkForm } from "./mark-form";
import { readReviewView } from "./search-params";

export const dynamic = "force-dynamic";
export const metadata: Metadata = { title: "Weekly review" };

const STATUS_TONE = { open: "neutral", acknowledged: "accent", fixed: "good", accepted: "good" } as const;

export default async function ReviewPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const ctx = await readContext(await requireUser("dashboards:read"));
  const latest = lastWeek();
  const parsed = readReviewView(await searchParams, latest);
  if (!parsed.ok) {
    return <InvalidView title="Weekly review" details={parsed.details} reset={{ href: "/review", label: "Show last week" }} />;
  }
  const { week } = parsed.view;
  const range = weekRange(week);
  const [review, history, cache, rightSizing, digest, webhook] = await Promise.all([
    getReview(ctx, week),
    listReviewHistory(ctx, week),
    getCacheEconomics(ctx, range),
    getRightSizing(ctx, range),
    getDigestStatus(ctx, week),
    globalAlertWebhook(ctx),
  ]);
  const reviewed = review.items.filter((i) => i.status !== "open").length;
  const weeks = Array.from({ length: 12 }, (_, i) => addWeeks(latest, -i)).map((w) => ({
    week: w,
    label: `${w} · ${formatDate(weekRange(w).start)}`,
  }));
  if (!weeks.some((w) => w.week === week)) weeks.push({ week, label: `${week} · ${formatDate(range.start)}` });
  const canMark = can(ctx.actor, "review:write");

  return (
    <div className="mx-auto max-w-6xl space-y-6">
      <header className="flex flex-wrap items-end justify-between gap-4">
        <div>
          <h1 className="text-2xl font-semibold tracking-tight">Weekly review</h1>
          <p className="mt-1 text-sm text-slate-500">
            The week&apos;s {REVIEW_RULES.topN} most expensive requests and {REVIEW_RULES.topN} most expensive sessions (at API prices), why
            each stands out, and what the team decided. {formatDate(range.start)} – {formatDate(range.lastDay)} (UTC).
          </p>
        </div>
        <PeriodPicker
          name="week"
          label="Week (ISO)"
          value={week}
          options={weeks.map((w) => ({ value: w.week, label: `${w.label}${w.week === latest ? " (last week)" : ""}` }))}
        />
      </header>

      <Panel aria-label="Progress" padded>
        <div className="flex items-baseline justify-between">
          <p className="text-sm font-medium">
            {reviewed} of {review.items.length} reviewed
          </p>
          <p className="text-xs text-slate-500">
            {review.items.filter((i) => i.status === "fixed").length} fixed · {review.items.filter((i) => i.status === "accepted").length}{" "}
            accepted as worth it
          </p>
        </div>
        <div
          className="mt-2 h-2 overflow-hidden rounded-full bg-slate-100"
          role="progressbar"
          aria-label="Items reviewed"
          aria-valuemin={0}
          aria-valuemax={review.items.length}
          aria-valuenow={reviewed}
        >
          <div
            className="h-full bg-emerald-500"
            style={{ width: `${review.items.length ? (reviewed / review.items.length) * 100 : 0}%` }}
          />
        </div>
        <p className="mt-2 text-xs text-slate-500">
          <DigestLine digest={digest} webhookSet={webhook !== null} />
        </p>
      </Panel>

      <section aria-labelledby="items-heading" className="space-y-3">
        <h2 id="items-heading" className="text-lg font-semibold">
          Most expensive this week
        </h2>
        {review.items.length === 0 ? (
          <p className="rounded-xl border border-dashed border-slate-300 bg-white px-5 py-10 text-center text-sm text-slate-500">
            No requests in {week}. Pick another week above.
          </p>
        ) : (
          <ol className="space-y-3">
            {review.items.map((item, i) => (
              <li key={`${item.kind}-${item.id}`}>
                <Item item={item} rank={i + 1} week={week} canMark={canMark} />
              </li>
            ))}
          </ol>
        )}
      </section>

      <div className="grid gap-6 lg:grid-cols-2">
        <CacheSection rows={cache} />
        <RightSizingSection rows={rightSizing} />
      </div>

      <Panel headingId="history-heading" title="Past weeks">
        {history.length === 0 ? (
          <PanelEmpty compact>No earlier week has been reviewed yet.</PanelEmpty>
        ) : (
          <ListTable columns={["Week", { label: "Reviewed", right: true }, { label: "Fixed", right: true }]}>
            {history.map((h) => (
              <tr key={h.week}>
                <td className="px-5 py-2">
                  <Link href={`/review?week=${h.week}`} className="font-medium text-orange-700 hover:underline">
                    {h.week}
                  </Link>{" "}
                  <span className="text-xs text-slate-500">{formatDate(weekRange(h.week).start)}</span>
                </td>
                <NumCell>{h.reviewed}</NumCell>
                <NumCell>{h.fixed}</NumCell>
              </tr>
            ))}
          </ListTable>
        )}
      </Panel>

      <Panel aria-labelledby="rules-heading" padded className="text-sm text-slate-600">
        <h2 id="rules-heading" className="font-semibold text-slate-900">
          What makes an item stand out
        </h2>
        <ul className="mt-2 list-disc space-y-1 pl-5">
          <li>
            cost {REVIEW_RULES.medianMultiple}× or more the week&apos;s median of the same model and feature (requests) or of all sessions,
            with at least {REVIEW_RULES.minPeers} to compare
          </li>
          <li>
            a huge context ({formatCount(REVIEW_RULES.hugeInputTokens)}+ input tokens) or a long output (
            {formatCount(REVIEW_RULES.longOutputTokens)}+ tokens)
          </li>
          <li>
            no cache reads on a repeated prompt: {formatCount(REVIEW_RULES.cacheableInputTokens)}+ input tokens and{" "}
            {REVIEW_RULES.repeatedCalls}+ similar calls that week (same model, feature, prompt version, input within{" "}
            {Math.round((REVIEW_RULES.similarInputRatio - 1) * 100)}%)
          </li>
          <li>
            a loop: {REVIEW_RULES.loopCalls}+ near-identical calls in one session (same model, input within{" "}
            {Math.round((REVIEW_RULES.loopInputRatio - 1) * 100)}%); a retry storm: {REVIEW_RULES.retryErrors}+ failed calls in one session
          </li>
        </ul>
      </Panel>
    </div>
  );
}

function DigestLine({ digest, webhookSet }: { digest: DigestStatus | null; webhookSet: boolean }) {
  if (!digest) {
    return webhookSet ? (
      <>The digest of this week goes to the alert webhook on the Monday after it, 09:00 UTC.</>
    ) : (
      <>
        The digest of this week is prepared on the Monday after it, 09:00 UTC; no alert webhook is set (Settings → Alerts), so it is not
        posted.
      </>
    );
  }
  const when = (d: Date) => `${formatDate(d)} ${d.toISOString().slice(11, 16)} UTC`;
  if (digest.deliveredAt) return <>Digest posted {when(digest.deliveredAt)}.</>;
  if (!digest.hasWebhook)
    return (
      <>Digest prepared {when(digest.firedAt)}; no alert webhook was set (Settings → Alerts or ALERT_WEBHOOK_URL), so it was not posted.</>
    );
  return (
    <>
      Digest not delivered yet ({digest.attempts} attempt{digest.attempts === 1 ? "" : "s"}
      {digest.lastError ? `, last error: ${digest.lastError}` : ""}); it is retried with backoff.
    </>
  );
}

function Item({ item, rank, week, canMark }: { item: ReviewItem; rank: number; week: string; canMark: boolean }) {
  const label = `${item.kind} ${item.id}`;
  return (
    <Panel as="article" aria-label={label} className="grid gap-4 p-4 md:grid-cols-5">
      <div className="md:col-span-3">
        <div className="flex flex-wrap items-center gap-2">
          <span className="text-sm font-semibold text-slate-400">#{rank}</span>
          <Badge tone={item.kind === "session" ? "accent" : "neutral"}>{item.kind}</Badge>
          {item.kind === "session" ? (
            <Link
              href={`/sessions/${encodeURIComponent(item.id)}`}
              className="font-mono text-sm font-medium text-slate-900 hover:text-orange-700 hover:underline"
            >
              {item.id}
            </Link>
          ) : (
            <span className="font-mono text-sm font-medium">{item.id}</span>
          )}
          <Badge tone={STATUS_TONE[item.status]}>{STATUS_LABELS[item.status]}</Badge>
        </div>
        <p className="mt-2 text-2xl font-semibold tracking-tight">
          {formatUsd(item.list_cost_usd)}
          {item.cost_usd !== item.list_cost_usd || item.effective_cost_usd !== item.cost_usd ? (
            <span className="ml-2 text-sm font-normal text-slate-500">
              at API prices · {formatUsd(item.effective_cost_usd)} effective · {formatUsd(item.cost_usd)} metered
            </span>
          ) : null}
        </p>
        <p className="mt-1 text-sm text-slate-500">
          {[item.person ?? item.user, item.repo && `repo ${item.repo}`, item.model, item.feature && `feature ${item.feature}`]
            .filter(Boolean)
            .join(" · ")}
          {item.kind === "request" && item.session ? (
            <>
              {" · session "}
              <Link href={`/sessions/${encodeURIComponent(item.session)}`} className="text-orange-700 hover:underline">
                {item.session}
              </Link>
            </>
          ) : null}
        </p>
        {item.reasons.length > 0 ? (
          <ul className="mt-3 list-disc space-y-1 pl-5 text-sm text-slate-700">
            {item.reasons.map((r) => (
              <li key={r}>{r}</li>
            ))}
          </ul>
        ) : (
          <p className="mt-3 text-sm text-slate-500">
            Expensive, but nothing unusual about it: a likely candidate for &ldquo;accepted as worth it&rdquo;.
          </p>
        )}
        {item.marked_by ? (
          <p className="mt-2 text-xs text-slate-400">
            Marked by {item.marked_by} · {item.marked_at?.slice(0, 16).replace("T", " ")} UTC
          </p>
        ) : null}
      </div>
      <div className="md:col-span-2">
        {canMark ? (
          <MarkForm
            week={week}
            kind={item.kind}
            id={item.id}
            status={item.status}
            tags={item.tags}
            note={item.note}
            owner={item.owner}
            label={label}
          />
        ) : (
          <p className="text-sm text-slate-500">{item.note ?? "No note."}</p>
        )}
      </div>
    </Panel>
  );
}
