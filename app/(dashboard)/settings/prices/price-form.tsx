"use client";

import { useActionState } from "react";
import { Alert } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { Field } from "@/components/ui/field";
import { Panel } from "@/components/ui/panel";
import { addPriceAction } from "./actions";

export interface PriceFormValues {
  provider: string;
  model: string;
  effective_from: string;
  input_per_mtok: string;
  output_per_mtok: string;
  cache_read_per_mtok: string;
  cache_write_per_mtok: string;
  as_model: string;
  multiplier: string;
  note: string;
}

/** Adds a price card; `initial` pre-fills it (an unpriced model, a catalog model's prices). */
export function PriceForm({ initial }: { initial: PriceFormValues }) {
  const [state, action, pending] = useActionState(addPriceAction, { ok: true });
  const errors = state.fieldErrors ?? {};
  const value = (name: keyof PriceFormValues) => state.values?.[name] ?? initial[name];
  const formKey = state.ok ? (state.message ?? "new") : "retry";
  return (
    <Panel
      headingId="price-form-heading"
      title="Add a price"
      description={
        <>
          USD per million tokens, from a UTC date: a negotiated rate, a provider&apos;s price change, a model the catalog does not know. A
          model with <code className="font-mono text-xs">*</code> is a pattern (<code className="font-mono text-xs">ft:gpt-4.1-mini:*</code>{" "}
          prices every fine-tune of gpt-4.1-mini); an exact model&apos;s price wins over a pattern&apos;s. Each event is priced at its own
          timestamp by the latest price in effect then. Or leave the prices empty and price from the catalog: a fine-tune as its base model
          × 2, or every model of a provider (<code className="font-mono text-xs">*</code>) at 0.8 for a negotiated 20 % off.
        </>
      }
      padded
    >
      <form key={formKey} action={action} className="mt-4 grid gap-4 sm:grid-cols-2 lg:grid-cols-4">
        <Field label="Provider" name="provider" required placeholder="openai" error={errors.provider} defaultValue={value("provider")} />
        <Field
          label="Model or pattern"
          name="model"
          required
          placeholder="ft:gpt-4.1-mini:*"
          error={errors.model}
          defaultValue={value("model")}
          className="sm:col-span-2"
        />
        <Field
          label="Effective from"
          name="effective_from"
          type="date"
          required
          error={errors.effective_from}
          defaultValue={value("effective_from")}
          hint="UTC; at most a year ahead"
        />
        <Field
          label="Input per 1M tokens (USD)"
          name="input_per_mtok"
          inputMode="decimal"
          required
          placeholder="0.80"
          error={errors.input_per_mtok}
          defaultValue={value("input_per_mtok")}
        />
        <Field
          label="Output per 1M tokens (USD)"
          name="output_per_mtok"
          inputMode="decimal"
          required
          placeholder="3.20"
          error={errors.output_per_mtok}
          defaultValue={value("output_per_mtok")}
        />
        <Field
          label="Cache read per 1M (USD)"
          name="cache_read_per_mtok"
          inputMode="decimal"
          error={errors.cache_read_per_mtok}
          defaultValue={value("cache_read_per_mtok")}
          hint="Empty: the input price"
        />
        <Field
          label="Cache write per 1M (USD)"
          name="cache_write_per_mtok"
          inputMode="decimal"
          error={errors.cache_write_per_mtok}
          defaultValue={value("cache_write_per_mtok")}
          hint="Empty: the input price"
        />
        <Field
          label="Or: the catalog price of"
          name="as_model"
          placeholder="gpt-4.1-mini"
          error={errors.as_model}
          defaultValue={value("as_model")}
          className="sm:col-span-2"
          hint="Empty: each event's own model"
        />
        <Field
          label="× multiplier"
          name="multiplier"
          inputMode="decimal"
          placeholder="2 or 0.8"
          error={errors.multiplier}
          defaultValue={value("multiplier")}
          hint="With no prices above: the catalog price × this"
        />
        <Field label="Note" name="note" placeholder="e.g. contract rate from 2026-11-01" error={errors.note} defaultValue={value("note")} />
        <div className="sm:col-span-2 lg:col-span-4">
          <Button type="submit" disabled={pending}>
            {pending ? "Saving…" : "Add price"}
          </Button>
        </div>
      </form>
      <div className="mt-4">
        {!state.ok && state.message ? <Alert>{state.message}</Alert> : null}
        {state.ok && state.message ? <Alert tone="success">{state.message}</Alert> : null}
      </div>
    </Panel>
  );
}
