"use client";

import { clsx } from "clsx";
import { useQueryStates } from "nuqs";
import { type FormEvent, useEffect, useId, useState } from "react";
import { Panel } from "@/components/ui/panel";
import { Select } from "@/components/ui/select";
import { MIN_YEAR } from "@/lib/dates/calendar";
import { DIMENSION_LABELS, datePresets, MAX_LEVELS, NOT_SET } from "@/lib/explorer/view";
import { DIMENSIONS, type Dimension } from "@/lib/spend/dimensions";
import { usePending } from "./pending";
import { spendViewParams } from "./search-params";

export interface ActiveFilter {
  dimension: Dimension;
  /** URL values; "" = not set. */
  values: string[];
}

const CHIP = "rounded-md border px-2.5 py-1.5 text-sm";
const FIRST_DAY = `${MIN_YEAR}-01-01`;

export function ExplorerFilters({
  today,
  from,
  to,
  groupBy,
  interval,
  filters,
  environments,
}: {
  today: string;
  from: string;
  to: string;
  groupBy: Dimension[];
  interval: string;
  filters: ActiveFilter[];
  environments: string[];
}) {
  const id = useId();
  const { startTransition } = usePending();
  const [, setView] = useQueryStates(spendViewParams, { shallow: false, history: "push", scroll: false, startTransition });
  const presets = datePresets(today);
  const preset = presets.find((p) => p.from === from && p.to === to);
  const [custom, setCustom] = useState({ from, to });
  useEffect(() => setCustom({ from, to }), [from, to]);
  const environment = filters.find((f) => f.dimension === "environment");

  const setRange = (range: { from: string; to: string }) =>
    void setView({
      from: range.from === presets[0]?.from && range.to === today ? null : range.from,
      to: range.to === today ? null : range.to,
      page: null,
    });
  const setGroup = (levels: (Dimension | "")[]) => void setView({ group_by: levels.filter(Boolean).join(",") || null, page: null });

  return (
    <Panel aria-label="View" className="space-y-4 p-4">
      <div className="flex flex-wrap items-center gap-2">
        <fieldset className="flex flex-wrap gap-1">
          <legend className="sr-only">Date range</legend>
          {presets.map((p) => (
            <button
              key={p.key}
              type="button"
              aria-pressed={preset?.key === p.key}
              onClick={() => setRange(p)}
              className={clsx(
                CHIP,
                preset?.key === p.key ? "border-orange-300 bg-orange-50 text-orange-800" : "border-slate-300 hover:bg-slate-50",
              )}
            >
              {p.label}
            </button>
          ))}
        </fieldset>
        <form
          className="flex flex-wrap items-center gap-1 text-sm"
          onSubmit={(e) => {
            e.preventDefault();
            if (custom.from && custom.to) setRange(custom.from <= custom.to ? custom : { from: custom.to, to: custom.from });
          }}
        >
          <label className="sr-only" htmlFor="range-from">
            From
          </label>
          <input
            id="range-from"
            type="date"
            value={custom.from}
            min={FIRST_DAY}
            max={today}
            onChange={(e) => setCustom((c) => ({ ...c, from: e.target.value }))}
            className={clsx(CHIP, "border-slate-300", !preset && "border-orange-300 bg-orange-50")}
          />
          <span aria-hidden>–</span>
          <label className="sr-only" htmlFor="range-to">
            To
          </label>
          <input
            id="range-to"
            type="date"
            value={custom.to}
            min={FIRST_DAY}
            max={today}
            onChange={(e) => setCustom((c) => ({ ...c, to: e.target.value }))}
            className={clsx(CHIP, "border-slate-300", !preset && "border-orange-300 bg-orange-50")}
          />
          <button type="submit" className={clsx(CHIP, "border-slate-300 hover:bg-slate-50")}>
            Apply
          </button>
        </form>
      </div>

      <div className="flex flex-wrap items-end gap-4">
        {Array.from({ length: MAX_LEVELS }, (_, level) => {
          const current = groupBy[level] ?? "";
          const label = level === 0 ? "Group by" : "Then by";
          return (
            <div key={label} className="flex flex-col gap-1 text-xs font-medium text-slate-600">
              <label htmlFor={`${id}-level-${level}`}>{label}</label>
              <Select
                id={`${id}-level-${level}`}
                value={current}
                onChange={(e) => {
                  const levels: (Dimension | "")[] = [...groupBy];
                  levels[level] = e.target.value as Dimension | "";
                  setGroup(level === 0 && !e.target.value ? [] : levels);
                }}
              >
                {level > 0 ? <option value="">(none)</option> : null}
                {DIMENSIONS.filter((d) => d === current || !groupBy.includes(d)).map((d) => (
                  <option key={d} value={d}>
                    {DIMENSION_LABELS[d]}
                  </option>
                ))}
              </Select>
            </div>
          );
        })}
        <div className="flex flex-col gap-1 text-xs font-medium text-slate-600">
          <label htmlFor={`${id}-interval`}>Chart by</label>
          <Select
            id={`${id}-interval`}
            value={interval}
            onChange={(e) => void setView({ interval: e.target.value === "none" ? null : e.target.value })}
          >
            <option value="none">Auto</option>
            <option value="day">Day</option>
            <option value="week">Week</option>
            <option value="month">Month</option>
          </Select>
        </div>
        <div className="flex flex-col gap-1 text-xs font-medium text-slate-600">
          <label htmlFor={`${id}-environment`}>Environment</label>
          <Select
            id={`${id}-environment`}
            value={environment?.values.length === 1 ? environment.values[0] : ""}
            onChange={(e) => void setView({ environment: e.target.value ? [e.target.value] : null, page: null })}
          >
            <option value="">All environments</option>
            {[...new Set([...environments, ...(environment?.values ?? [])])].map((env) => (
              <option key={env} value={env}>
                {env}
              </option>
            ))}
          </Select>
        </div>
      </div>

      <div className="flex flex-wrap items-center gap-2">
        {filters.map((f) => (
          <span
            key={f.dimension}
            className="inline-flex items-center gap-1 rounded-full border border-slate-300 bg-slate-50 py-1 pr-1 pl-3 text-sm"
          >
            <span className="text-slate-500">{DIMENSION_LABELS[f.dimension]}:</span>
            <span className="font-medium">{f.values.map((v) => v || NOT_SET).join(" or ")}</span>
            <button
              type="button"
              aria-label={`Remove filter ${DIMENSION_LABELS[f.dimension]}`}
              onClick={() => void setView({ [f.dimension]: null, page: null })}
              className="ml-1 rounded-full px-1.5 text-slate-500 hover:bg-slate-200 hover:text-slate-900"
            >
              ×
            </button>
          </span>
        ))}
        <AddFilter
          from={from}
          to={to}
          onAdd={(dimension, value) => {
            const existing = filters.find((f) => f.dimension === dimension)?.values ?? [];
            void setView({ [dimension]: [...new Set([...existing, value])], page: null });
          }}
        />
        {filters.length > 1 ? (
          <button
            type="button"
            onClick={() => void setView(Object.fromEntries([...filters.map((f) => [f.dimension, null]), ["page", null]]))}
            className="text-sm text-slate-600 underline-offset-2 hover:underline"
          >
            Clear filters
          </button>
        ) : null}
      </div>
    </Panel>
  );
}

/** Dimension + value; the value list is the dimension's groups in the range, from `GET /api/v1/spend`. */
function AddFilter({ from, to, onAdd }: { from: string; to: string; onAdd: (dimension: Dimension, value: string) => void }) {
  const listId = useId();
  const [dimension, setDimension] = useState<Dimension>("team");
  const [value, setValue] = useState("");
  const [suggestions, setSuggestions] = useState<string[]>([]);
  useEffect(() => {
    const abort = new AbortController();
    const q = new URLSearchParams({ from, to, group_by: dimension });
    fetch(`/api/v1/spend?${q}`, { signal: abort.signal })
      .then((r) => (r.ok ? r.json() : { rows: [] }))
      .then((body: { rows: Record<string, unknown>[] }) =>
        setSuggestions(body.rows.slice(0, 200).map((r) => (r[dimension] === null ? "" : String(r[dimension])))),
      )
      .catch(() => {});
    return () => abort.abort();
  }, [dimension, from, to]);
  const submit = (e: FormEvent) => {
    e.preventDefault();
    const v = value.trim();
    if (!v) return;
    onAdd(dimension, v === NOT_SET ? "" : v);
    setValue("");
  };
  return (
    <form onSubmit={submit} className="flex flex-wrap items-center gap-1" aria-label="Add filter">
      <label className="sr-only" htmlFor={`${listId}-dim`}>
        Filter dimension
      </label>
      <Select id={`${listId}-dim`} value={dimension} onChange={(e) => setDimension(e.target.value as Dimension)} className="py-1.5">
        {DIMENSIONS.map((d) => (
          <option key={d} value={d}>
            {DIMENSION_LABELS[d]}
          </option>
        ))}
      </Select>
      <label className="sr-only" htmlFor={`${listId}-value`}>
        Filter value
      </label>
      <input
        id={`${listId}-value`}
        list={listId}
        value={value}
        onChange={(e) => setValue(e.target.value)}
        placeholder={`${DIMENSION_LABELS[dimension]} is…`}
        className={clsx(CHIP, "w-44 border-slate-300")}
      />
      <datalist id={listId}>
        {suggestions.map((s) => (
          <option key={s} value={s || NOT_SET} />
        ))}
      </datalist>
      <button type="submit" className={clsx(CHIP, "border-slate-300 font-medium hover:bg-slate-50")}>
        Add filter
      </button>
    </form>
  );
}
