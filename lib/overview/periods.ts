/** UTC calendar arithmetic on YYYY-MM-DD strings. */
export function addDays(day: string, n: number): string {
  const d = new Date(`${day}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + n);
  return d.toISOString().slice(0, 10);
}

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
  const weekday = (new Date(`${today}T00:00:00Z`).getUTCDay() + 6) % 7; // Monday = 0
  const weekStart = addDays(today, -weekday);
  const monthStart = `${today.slice(0, 8)}01`;
  const prevMonthStart = new Date(`${monthStart}T00:00:00Z`);
  prevMonthStart.setUTCMonth(prevMonthStart.getUTCMonth() - 1);
  const prevMonthFrom = prevMonthStart.toISOString().slice(0, 10);
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
