import { z } from "zod";
import { isoMonth } from "@/lib/dates/schemas";

/** The Surfaces screen's URL: a month (default this month). */
export const SurfacesView = z.strictObject({ month: isoMonth.optional() });
