import { addDays, periodStart } from "@/lib/dates/calendar";
import { monthStartOf } from "@/lib/dates/months";

export interface PeriodRange {
  key: "today" | "week" | "month";
  label: string;
  from: string;
  to: string;
  /** The same elapsed days of the period before (yesterday; last week to the same weekday; last month to the same date). */
  previous: { from: string; to: string; label: string };
}

/**
 * Today, this ISO week (Monday first) and this month, each to date, with the matching span of the period
 * before, so a comparison on the 3rd of the month is against the 1st–3rd of last month, not a whole month.
 */
export function periodRanges(today: string): PeriodRange[] {
  const weekStart = periodStart(today, "week");
  const monthStart = periodStart(today, "month");
  const prevMonthFrom = monthStartOf(addDays(monthStart, -1));
  const prevMonthLast = addDays(monthStart, -1);
  const sameDay = `${prevMonthFrom.slice(0, 8)}${today.slice(8)}`;
  const prevMonthTo = sameDay < prevMonthLast ? sameDay : prevMonthLast; // 31 March compares with 28/29 February
  return [
    {
      key: "today",
      label: "Today",
      from: today,
      to: today,
      previous: { from: addDays(today, -1), to: addDays(today, -1), label: "vs yesterday" },
    },
    {
      key: "week",
      label: "This week",
      from: weekStart,
      to: today,
      previous: { from: addDays(weekStart, -7), to: addDays(today, -7), label: "vs same days last week" },
    },
    {
      key: "month",
      label: "This month",
      from: monthStart,
      to: today,
      previous: { from: prevMonthFrom, to: prevMonthTo, label: "vs same days last month" },
    },
  ];
}
