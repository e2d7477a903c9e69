import Link from "next/link";
import { connection } from "next/server";
import { Panel } from "@/components/ui/panel";

/**
 * Rendered per request (`connection()`), not prerendered at build: a static page's script tags carry no CSP nonce,
 * so the proxy's `strict-dynamic` policy refused every script of the 404 page.
 */
export default async function NotFound() {
  await connection();
  return (
    <Panel as="main" className="mx-auto mt-24 max-w-md p-6 text-center">
      <p className="text-sm font-medium text-orange-700">404</p>
      <h1 className="mt-1 text-lg font-semibold">Page not found</h1>
      <Link href="/" className="mt-4 inline-block text-sm font-medium text-orange-700 hover:underline">
        Back to the Overview
      </Link>
    </Panel>
  );
}
