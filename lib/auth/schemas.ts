import { z } from "zod";
import { isStorableText, STORABLE_TEXT_MESSAGE } from "@/lib/validation/text";
import { ROLES } from "./permissions";

export const Email = z.string().trim().toLowerCase().pipe(z.email("Enter a valid email address").max(320, "At most 320 characters"));

export const NewPassword = z
  .string()
  .min(12, "Use at least 12 characters")
  .max(200, "Use at most 200 characters")
  .refine((p) => p.trim().length > 0, "The password cannot be only spaces");

export const PersonName = z.string().trim().max(100, "At most 100 characters").refine(isStorableText, STORABLE_TEXT_MESSAGE);

export const InviteMemberInput = z.object({ email: Email, name: PersonName.optional(), role: z.enum(ROLES) });
export type InviteMemberInput = z.infer<typeof InviteMemberInput>;

export const ChangeRoleInput = z.object({ userId: z.uuid(), role: z.enum(ROLES) });
export type ChangeRoleInput = z.infer<typeof ChangeRoleInput>;

export const SetPasswordInput = z
  .object({ password: NewPassword, confirm: z.string() })
  .refine((v) => v.password === v.confirm, { path: ["confirm"], message: "The two passwords differ" });

export const FirstAdminInput = z
  .object({
    email: Email,
    name: PersonName.optional(),
    password: NewPassword,
    confirm: z.string(),
    token: z.string().trim().min(1, "Enter the setup token from the server log").max(500),
  })
  .refine((v) => v.password === v.confirm, { path: ["confirm"], message: "The two passwords differ" });
export type FirstAdminInput = z.infer<typeof FirstAdminInput>;
