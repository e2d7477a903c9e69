import "server-only";
import { sql } from "drizzle-orm";
import { queryRows } from "@/db";
import { type Ctx, withTransaction } from "@/lib/auth/actor";
import { AppError } from "@/lib/errors";
import { PullRequestDelivery, type PullRequestState, pullRequestState } from "./schemas";

export interface Delivery {
  id: string;
  event: string;
  /** The raw body as sent (JSON, or a form body with a `payload` field), already signature-checked. */
  body: string;
  contentType: string | null;
}

export type DeliveryResult =
  | { status: "pong"; zen?: string }
  | { status: "duplicate" }
  | { status: "ignored"; reason: string }
  | { status: "stored"; repo: string; number: number; state: PullRequestState; applied: boolean };

/**
 * Stores one verified delivery. `X-GitHub-Delivery` makes it idempotent (a redelivery is a no-op); a pull request
 * snapshot replaces the stored one only when GitHub's `updated_at` is not older, so out-of-order deliveries end in
 * the newest state. Unknown events and actions are acknowledged and ignored (GitHub shows non-2xx as failures).
 */
export async function recordGithubDelivery(ctx: Ctx, delivery: Delivery): Promise<DeliveryResult> {
  const payload = parsePayload(delivery);
  if (delivery.event === "ping") return { status: "pong", zen: typeof payload.zen === "string" ? payload.zen : undefined };
  if (delivery.event !== "pull_request") return { status: "ignored", reason: `event ${delivery.event} is not used` };

  const parsed = PullRequestDelivery.safeParse(payload);
  if (!parsed.success) {
    throw new AppError(
      "validation_failed",
      "The pull_request delivery is missing fields Burnrate needs.",
      parsed.error.issues.map((i) => ({ path: i.path.join("."), message: i.message })),
    );
  }
  const { action, repository, pull_request: pr } = parsed.data;
  const repo = repository.full_name;
  const state = pullRequestState(pr);

  return withTransaction(ctx, async (ctx) => {
    const fresh = await queryRows<{ delivery_id: string }>(
      ctx.db,
      sql`insert into github_deliveries (delivery_id, event, action, repo, number)
          values (${delivery.id}, ${delivery.event}, ${action}, ${repo}, ${pr.number})
          on conflict (delivery_id) do nothing returning delivery_id`,
    );
    if (fresh.length === 0) return { status: "duplicate" } as const;
    const applied = await queryRows<{ number: number }>(
      ctx.db,
      sql`insert into pull_requests as p (repo, number, github_id, title, author, author_is_bot, state, draft, head_ref, head_sha,
            base_ref, html_url, opened_at, closed_at, merged_at, github_updated_at, additions, deletions, changed_files)
          values (${repo}, ${pr.number}, ${pr.id ?? null}, ${pr.title}, ${pr.user?.login ?? null}, ${pr.user?.type === "Bot"},
            ${state}, ${pr.draft ?? false}, ${pr.head.ref}, ${pr.head.sha ?? null}, ${pr.base?.ref ?? null}, ${pr.html_url ?? null},
            ${pr.created_at}, ${pr.closed_at ?? null}, ${state === "merged" ? (pr.merged_at ?? pr.closed_at ?? null) : null},
            ${pr.updated_at}, ${pr.additions ?? null}, ${pr.deletions ?? null}, ${pr.changed_files ?? null})
          on conflict (repo, number) do update set
            github_id = excluded.github_id, title = excluded.title, author = excluded.author, author_is_bot = excluded.author_is_bot,
            state = excluded.state, draft = excluded.draft, head_ref = excluded.head_ref, head_sha = excluded.head_sha,
            base_ref = excluded.base_ref, html_url = excluded.html_url, opened_at = excluded.opened_at,
            closed_at = excluded.closed_at, merged_at = excluded.merged_at, github_updated_at = excluded.github_updated_at,
            additions = excluded.additions, deletions = excluded.deletions, changed_files = excluded.changed_files
          where excluded.github_updated_at >= p.github_updated_at
          returning number`,
    );
    return { status: "stored", repo, number: pr.number, state, applied: applied.length > 0 } as const;
  });
}

function parsePayload(delivery: Delivery): Record<string, unknown> {
  let text = delivery.body;
  if ((delivery.contentType ?? "").toLowerCase().startsWith("application/x-www-form-urlencoded")) {
    const payload = new URLSearchParams(delivery.body).get("payload");
    if (payload === null) throw new AppError("invalid_json", "A form-encoded delivery must carry the JSON in a 'payload' field.");
    text = payload;
  }
  try {
    const value: unknown = JSON.parse(text);
    if (value && typeof value === "object" && !Array.isArray(value)) return value as Record<string, unknown>;
  } catch {
    // fall through
  }
  throw new AppError("invalid_json", "The delivery body is not a JSON object.");
}
