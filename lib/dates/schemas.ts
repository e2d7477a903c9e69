import { z } from "zod";
import { isCalendarDate, MAX_YEAR, MIN_YEAR } from "./calendar";
import { isWeekOfYear } from "./weeks";

/**
 * The one date, month and ISO-week type of every route and page: the format, a real calendar value, and a year in
 * [MIN_YEAR, MAX_YEAR] (PostgreSQL refuses year 0, and year 9999 plus a period overflows into "+010000").
 */

const inYears = (value: string) => {
  const year = Number(value.slice(0, 4));
  return year >= MIN_YEAR && year <= MAX_YEAR;
};

function problem(format: RegExp, formatMessage: string, valid: (v: string) => boolean, validMessage: string) {
  return (value: string): string | null => {
    if (!format.test(value)) return formatMessage;
    if (!valid(value)) return validMessage;
    if (!inYears(value)) return `must be in the years ${MIN_YEAR}–${MAX_YEAR}`;
    return null;
  };
}

/** Why the value is not a usable date (null when it is). */
export const dateProblem = problem(/^\d{4}-\d{2}-\d{2}$/, "must be a date YYYY-MM-DD", isCalendarDate, "is not a calendar date");
export const monthProblem = problem(
  /^\d{4}-\d{2}$/,
  "must be a month as YYYY-MM",
  (v) => /-(0[1-9]|1[0-2])$/.test(v),
  "must be a month as YYYY-MM",
);
export const weekProblem = problem(
  /^\d{4}-W\d{2}$/,
  "must be an ISO week as YYYY-Www, e.g. 2026-W47",
  isWeekOfYear,
  "must be an ISO week as YYYY-Www, e.g. 2026-W47 (W53 only in years that have one)",
);

const checked = (why: (v: string) => string | null) =>
  z.string().superRefine((value, ctx) => {
    const message = why(value);
    if (message) ctx.addIssue({ code: "custom", message });
  });

/** An inclusive UTC calendar date, YYYY-MM-DD. */
export const isoDate = checked(dateProblem);
/** A UTC calendar month, YYYY-MM. */
export const isoMonth = checked(monthProblem);
/** An ISO week (Monday first, UTC), YYYY-Www. */
export const isoWeek = checked(weekProblem);

export const isIsoDate = (v: string) => dateProblem(v) === null;
export const isIsoMonth = (v: string) => monthProblem(v) === null;
export const isIsoWeek = (v: string) => weekProblem(v) === null;

/** An RFC 3339 timestamp with offset (e.g. `?since=`), its year in the same range as dates. */
export const isoInstant = z.string().superRefine((value, ctx) => {
  if (!z.iso.datetime({ offset: true }).safeParse(value).success)
    ctx.addIssue({ code: "custom", message: "must be an RFC 3339 timestamp with offset, e.g. 2026-11-01T00:00:00Z" });
  else if (!inYears(value)) ctx.addIssue({ code: "custom", message: `must be in the years ${MIN_YEAR}–${MAX_YEAR}` });
});
