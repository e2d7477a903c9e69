"use client";

import Link from "next/link";
import { useActionState } from "react";
import { Alert } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { Field } from "@/components/ui/field";
import { Panel } from "@/components/ui/panel";
import { savePlanAction } from "./actions";

export interface PlanFormValues {
  id: string;
  name: string;
  vendor: string;
  tool: string;
  seats: string;
  fee_per_seat_usd: string;
  start_date: string;
  end_date: string;
  included_requests_per_seat: string;
  seat_holders: string;
}

/** Adds a plan, or edits `plan` when given. */
export function PlanForm({ plan, today }: { plan?: PlanFormValues; today: string }) {
  const [state, action, pending] = useActionState(savePlanAction, { ok: true });
  const errors = state.fieldErrors ?? {};
  const value = (name: keyof PlanFormValues, fallback = "") => state.values?.[name] ?? plan?.[name] ?? fallback;
  // A new key after each successful add resets the uncontrolled inputs.
  const formKey = state.ok ? (state.message ?? "new") : "retry";
  return (
    <Panel
      headingId="plan-form-heading"
      title={plan ? `Edit ${plan.name}` : "Add a paid plan"}
      description={
        <>
          A subscription or seat licence paid per seat per month. Its fee is prorated by day between the start and end dates and counted in
          spend totals and the export; events name it with <code className="font-mono text-xs">surface: &quot;plan&quot;</code> and{" "}
          <code className="font-mono text-xs">plan: &quot;&lt;name&gt;&quot;</code>.
        </>
      }
      padded
    >
      <form key={formKey} action={action} className="mt-4 grid gap-4 sm:grid-cols-2 lg:grid-cols-4">
        {plan ? <input type="hidden" name="id" value={plan.id} /> : null}
        <Field
          label="Name"
          name="name"
          required
          placeholder="e.g. Claude Team"
          error={errors.name}
          defaultValue={value("name")}
          hint="Events send this name as plan"
        />
        <Field
          label="Vendor"
          name="vendor"
          required
          placeholder="anthropic"
          error={errors.vendor}
          defaultValue={value("vendor")}
          hint="The provider id its events carry"
        />
        <Field label="Tool" name="tool" placeholder="e.g. Claude Code" error={errors.tool} defaultValue={value("tool")} />
        <Field label="Seats" name="seats" type="number" min={1} step={1} required error={errors.seats} defaultValue={value("seats", "1")} />
        <Field
          label="Fee per seat per month (USD)"
          name="fee_per_seat_usd"
          inputMode="decimal"
          required
          placeholder="30.00"
          error={errors.fee_per_seat_usd}
          defaultValue={value("fee_per_seat_usd")}
        />
        <Field
          label="Start date"
          name="start_date"
          type="date"
          required
          error={errors.start_date}
          defaultValue={value("start_date", today)}
        />
        <Field
          label="End date"
          name="end_date"
          type="date"
          error={errors.end_date}
          defaultValue={value("end_date")}
          hint="Empty: still running"
        />
        <Field
          label="Included requests per seat per month"
          name="included_requests_per_seat"
          type="number"
          min={1}
          step={1}
          error={errors.included_requests_per_seat}
          defaultValue={value("included_requests_per_seat")}
          hint="Optional: the vendor's usage limit"
        />
        <Field
          label="Seat holders"
          name="seat_holders"
          className="sm:col-span-2 lg:col-span-4"
          placeholder="maya.chen@acme.dev, li.wei@acme.dev"
          error={errors.seat_holders}
          defaultValue={value("seat_holders")}
          hint="Optional: the people holding its seats, by email (Settings → People), separated by commas"
        />
        <div className="flex items-center gap-3 sm:col-span-2 lg:col-span-4">
          <Button type="submit" disabled={pending}>
            {pending ? "Saving…" : plan ? "Save changes" : "Add plan"}
          </Button>
          {plan ? (
            <Link href="/settings/plans" className="text-sm text-slate-600 underline-offset-2 hover:underline">
              Cancel
            </Link>
          ) : null}
        </div>
      </form>
      <div className="mt-4">
        {!state.ok && state.message ? <Alert>{state.message}</Alert> : null}
        {state.ok && state.message ? <Alert tone="success">{state.message}</Alert> : null}
      </div>
    </Panel>
  );
}
