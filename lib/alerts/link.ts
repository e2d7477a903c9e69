import "server-only";
import { env } from "@/lib/env";

/** An absolute link into the app for alert messages: AUTH_URL's origin when set (the public address), else localhost. */
export function appLink(path: string): string {
  const configured = env().AUTH_URL;
  const origin = configured ? new URL(configured).origin : "http://localhost:3000";
  return `${origin}${path}`;
}
