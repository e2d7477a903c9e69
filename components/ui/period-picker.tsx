import { addMonths, monthOf } from "@/lib/dates/months";
import { formatMonth } from "@/lib/format";
import { Button } from "./button";
import { Select } from "./select";

/** A GET form that picks the period a screen shows (`?month=…`, `?week=…`): the URL stays the view. */
export function PeriodPicker({
  name,
  label,
  value,
  options,
  keep = {},
}: {
  name: string;
  label: string;
  value: string;
  options: { value: string; label: string }[];
  /** Other query parameters the view keeps when the period changes. */
  keep?: Record<string, string>;
}) {
  return (
    <form method="get" className="flex max-w-full items-end gap-2">
      {Object.entries(keep).map(([k, v]) => (
        <input key={k} type="hidden" name={k} value={v} />
      ))}
      {/* A long option (a week's dates) narrows the select on a phone instead of pushing the button off screen. */}
      <div className="min-w-0">
        <label htmlFor={name} className="block text-xs font-medium text-slate-600">
          {label}
        </label>
        <Select id={name} name={name} defaultValue={value} className="mt-1 w-full">
          {options.map((o) => (
            <option key={o.value} value={o.value}>
              {o.label}
            </option>
          ))}
        </Select>
      </div>
      <Button type="submit" variant="secondary">
        Show
      </Button>
    </form>
  );
}

/** A UTC month picker (`?month=YYYY-MM`): the last `count` months, this one marked "to date", and `value` if older. */
export function MonthPicker({ value, count, keep }: { value: string; count: number; keep?: Record<string, string> }) {
  const current = monthOf(new Date());
  const months = Array.from({ length: count }, (_, i) => addMonths(current, -i));
  if (!months.includes(value)) months.push(value);
  return (
    <PeriodPicker
      name="month"
      label="Month (UTC)"
      value={value}
      keep={keep}
      options={months.map((m) => ({ value: m, label: `${formatMonth(m)}${m === current ? " (to date)" : ""}` }))}
    />
  );
}
