/** Each UTC day `YYYY-MM-DD` from `from` (inclusive) to `to` (exclusive). */
export function* eachDay(from: string, to: string): Generator<string> {
  for (let t = Date.parse(`${from}T00:00:00Z`); t < Date.parse(`${to}T00:00:00Z`); t += 86_400_000) {
    yield new Date(t).toISOString().slice(0, 10);
  }
}

/** Epoch milliseconds of a UTC day's start. */
export const dayStartMs = (day: string): number => Date.parse(`${day}T00:00:00Z`);
