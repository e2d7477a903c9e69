import { Button } from "./button";
import { Select } from "./select";

/** A GET form that picks the period a screen shows (`?month=…`, `?week=…`): the URL stays the view. */
export function PeriodPicker({
  name,
  label,
  value,
  options,
}: {
  name: string;
  label: string;
  value: string;
  options: { value: string; label: string }[];
}) {
  return (
    <form method="get" className="flex items-end gap-2">
      <div>
        <label htmlFor={name} className="block text-xs font-medium text-slate-600">
          {label}
        </label>
        <Select id={name} name={name} defaultValue={value} className="mt-1">
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
