import Link from "next/link";
import type { ReactNode } from "react";
import { type NavItem, NavLinks } from "./nav-link";

export type { NavItem };

interface ShellUser {
  email: string;
  name: string | null;
  role: string;
}

function Brand({ className }: { className: string }) {
  return (
    <Link href="/" className={className}>
      <span aria-hidden className="inline-block h-3 w-3 rounded-sm bg-orange-500" />
      Burnrate
    </Link>
  );
}

export function AppShell({
  nav,
  user,
  signOut,
  children,
}: {
  nav: NavItem[];
  user: ShellUser;
  signOut: () => Promise<void>;
  children: ReactNode;
}) {
  return (
    <div className="flex min-h-screen">
      <aside className="hidden w-56 shrink-0 flex-col border-r border-slate-200 bg-white px-4 py-6 md:flex">
        <Brand className="mb-8 flex items-center gap-2 px-2 text-lg font-semibold tracking-tight" />
        <nav aria-label="Main" className="flex flex-col gap-1 text-sm">
          <NavLinks nav={nav} />
        </nav>
        <div className="mt-auto border-t border-slate-200 pt-4 text-sm">
          <div className="truncate px-2 font-medium text-slate-800" title={user.email}>
            {user.name || user.email}
          </div>
          <div className="px-2 text-xs text-slate-500">
            {user.name ? `${user.email} · ` : ""}
            <span className="capitalize">{user.role}</span>
          </div>
          <form action={signOut} className="mt-2">
            <button
              type="submit"
              className="w-full rounded-md px-2 py-1.5 text-left text-slate-600 hover:bg-slate-100 hover:text-slate-900"
            >
              Sign out
            </button>
          </form>
        </div>
      </aside>
      <div className="min-w-0 flex-1">
        {/* Narrow screens: the sidebar folds into a top bar with the same links. */}
        <header className="flex flex-wrap items-center gap-x-4 gap-y-2 border-b border-slate-200 bg-white px-4 py-3 md:hidden">
          <Brand className="flex items-center gap-2 font-semibold" />
          <nav aria-label="Main (compact)" className="flex flex-1 gap-1 text-sm">
            <NavLinks nav={nav} />
          </nav>
          <form action={signOut}>
            <button type="submit" className="text-sm text-slate-600 hover:text-slate-900">
              Sign out
            </button>
          </form>
        </header>
        <main className="min-w-0 px-4 py-6 sm:px-6 sm:py-8 lg:px-10">{children}</main>
      </div>
    </div>
  );
}
