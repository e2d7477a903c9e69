import "server-only";
import { z } from "zod";
import type { Ctx } from "@/lib/auth/actor";
import { assertCan } from "@/lib/auth/permissions";
import { AppError } from "@/lib/errors";
import { createPlan, updatePlan } from "./manage-plans";
import { getPlan, type Plan } from "./queries";
import { PlanInput } from "./schemas";

/** A plan as `/api/v1/plans` answers it (DESIGN §3.12). */
export interface PlanJson {
  id: string;
  name: string;
  vendor: string;
  tool: string | null;
  seats: number;
  fee_per_seat_usd: string;
  starts_on: string;
  ends_on: string | null;
  included_requests_per_seat: number | null;
  seat_holders: string[];
  /** Seats × fee per seat: a whole month's fee. */
  monthly_fee_usd: string;
}

export function planJson(p: Plan): PlanJson {
  return {
    id: p.id,
    name: p.name,
    vendor: p.vendor,
    tool: p.tool,
    seats: p.seats,
    fee_per_seat_usd: p.feePerSeatUsd,
    starts_on: p.startDate,
    ends_on: p.endDate,
    included_requests_per_seat: p.includedRequestsPerSeat,
    seat_holders: p.seatHolders,
    monthly_fee_usd: p.monthlyFeeUsd,
  };
}

/** The contract's field names for Settings → Plans' ones (`starts_on` is the form's `start_date`…). */
const RENAMED = { starts_on: "start_date", ends_on: "end_date" } as const;
const FIELDS = [
  "name",
  "vendor",
  "tool",
  "seats",
  "fee_per_seat_usd",
  "starts_on",
  "ends_on",
  "included_requests_per_seat",
  "seat_holders",
] as const;
const Body = z.strictObject(
  Object.fromEntries(FIELDS.map((f) => [f, z.unknown().optional()])) as Record<(typeof FIELDS)[number], z.ZodOptional<z.ZodUnknown>>,
);
type Body = Partial<Record<(typeof FIELDS)[number], unknown>>;

/** Validates a body with Settings → Plans' rules, answering in the contract's field names. */
function toPlanInput(body: Body): PlanInput {
  const input = Object.fromEntries(Object.entries(body).map(([k, v]) => [RENAMED[k as keyof typeof RENAMED] ?? k, v]));
  const parsed = PlanInput.safeParse(input);
  if (parsed.success) return parsed.data;
  const back = Object.fromEntries(Object.entries(RENAMED).map(([api, form]) => [form, api]));
  throw new AppError(
    "validation_failed",
    "Some fields are not valid; see the details.",
    parsed.error.issues.map((i) => {
      const [head, ...rest] = i.path.map(String);
      return { path: [back[head ?? ""] ?? head, ...rest].join("."), message: i.message };
    }),
  );
}

function parseBody(raw: unknown): Body {
  const parsed = Body.safeParse(raw);
  if (!parsed.success)
    throw new AppError(
      "validation_failed",
      "Some fields are not valid; see the details.",
      parsed.error.issues.map((i) => ({ path: i.path.join("."), message: i.message })),
    );
  return parsed.data;
}

/** `POST /api/v1/plans`: 201 with the plan. */
export async function createPlanFromApi(ctx: Ctx, raw: unknown): Promise<PlanJson> {
  assertCan(ctx.actor, "plans:manage");
  const { id } = await createPlan(ctx, toPlanInput(parseBody(raw)));
  return planJson((await getPlan(ctx, id)) as Plan);
}

/** `PATCH /api/v1/plans/{id}`: the fields given change, the others keep their values (`seat_holders` absent: unchanged). */
export async function updatePlanFromApi(ctx: Ctx, id: string, raw: unknown): Promise<PlanJson> {
  assertCan(ctx.actor, "plans:manage");
  const patch = parseBody(raw);
  const current = await getPlan(ctx, id);
  if (!current) throw new AppError("not_found", "No such plan.");
  const { id: _, monthly_fee_usd: _fee, seat_holders: _holders, ...kept } = planJson(current);
  await updatePlan(ctx, id, toPlanInput({ ...kept, ...patch }));
  return planJson((await getPlan(ctx, id)) as Plan);
}
