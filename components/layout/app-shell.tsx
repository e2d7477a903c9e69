import Link from "next/link";
import type { ReactNode } from "react";
import { MobileNav } from "./mobile-nav";
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

/** Who is signed in, and the way out: at the foot of the sidebar, and of the menu on narrow screens. */
function Account({ user, signOut }: { user: ShellUser; signOut: () => Promise<void> }) {
  return (
    <>
      <div className="truncate px-2 font-medium text-slate-800" title={user.email}>
        {user.name || user.email}
      </div>
      <div className="truncate px-2 text-xs text-slate-500">
        {user.name ? `${user.email} · ` : ""}
        <span className="capitalize">{user.role}</span>
      </div>
      <form action={signOut} className="mt-2">
        <button type="submit" className="w-full rounded-md px-2 py-1.5 text-left text-slate-600 hover:bg-slate-100 hover:text-slate-900">
          Sign out
        </button>
      </form>
    </>
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
          <Account user={user} signOut={signOut} />
        </div>
      </aside>
      <div className="min-w-0 flex-1">
        <MobileNav
          nav={nav}
          brand={<Brand className="flex items-center gap-2 font-semibold" />}
          footer={<Account user={user} signOut={signOut} />}
        />
        <main className="min-w-0 px-4 py-6 sm:px-6 sm:py-8 lg:px-10">{children}</main>
      </div>
    </div>
  );
}
