import Link from "next/link";
import type { ErrorDetail } from "@/lib/errors";
import { invalidLines } from "@/lib/http/invalid-link";
import { Alert } from "./alert";

/** A screen whose URL asks for something that does not exist: what is wrong, and a way back. */
export function InvalidView({ title, details, reset }: { title: string; details: ErrorDetail[]; reset: { href: string; label: string } }) {
  return (
    <div className="mx-auto max-w-3xl space-y-4">
      <h1 className="text-2xl font-semibold tracking-tight">{title}</h1>
      <Alert>
        <p className="font-medium">This link asks for a view that does not exist.</p>
        <ul className="mt-1 list-disc pl-5">
          {invalidLines(details).map((d) => (
            <li key={`${d.path}:${d.message}`}>
              <code>{d.path}</code> {d.message}
            </li>
          ))}
        </ul>
      </Alert>
      <Link href={reset.href} className="text-sm font-medium text-orange-700 hover:underline">
        {reset.label}
      </Link>
    </div>
  );
}
