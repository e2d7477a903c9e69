import { numeric, timestamp } from "drizzle-orm/pg-core";

/** Money: exact decimal, 10 fractional digits (1e-10 USD). Read back as a string, never a float. */
export const money = (name: string) => numeric(name, { precision: 24, scale: 10 });

export const createdAt = () => timestamp("created_at", { withTimezone: true }).notNull().defaultNow();
