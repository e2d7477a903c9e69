"use client";

import { usePathname, useSearchParams } from "next/navigation";
import { type ReactNode, useEffect, useId, useRef, useState } from "react";
import { type NavItem, NavLinks } from "./nav-link";

/**
 * Narrow screens: the sidebar's links behind a "Menu" disclosure. The panel opens over the page (no layout shift) and
 * closes on navigation, on Escape and on a click outside it.
 */
export function MobileNav({ nav, brand, footer }: { nav: NavItem[]; brand: ReactNode; footer: ReactNode }) {
  const [open, setOpen] = useState(false);
  const panelId = useId();
  const root = useRef<HTMLDivElement>(null);
  const button = useRef<HTMLButtonElement>(null);
  const location = `${usePathname()}?${useSearchParams().toString()}`;

  // biome-ignore lint/correctness/useExhaustiveDependencies: closing is the effect of the location changing.
  useEffect(() => setOpen(false), [location]);
  useEffect(() => {
    if (!open) return;
    const onKey = (e: KeyboardEvent) => {
      if (e.key !== "Escape") return;
      setOpen(false);
      button.current?.focus();
    };
    const onPointer = (e: PointerEvent) => {
      if (!root.current?.contains(e.target as Node)) setOpen(false);
    };
    document.addEventListener("keydown", onKey);
    document.addEventListener("pointerdown", onPointer);
    return () => {
      document.removeEventListener("keydown", onKey);
      document.removeEventListener("pointerdown", onPointer);
    };
  }, [open]);

  return (
    <div ref={root} className="relative md:hidden">
      <header className="flex h-14 items-center justify-between gap-4 border-b border-slate-200 bg-white px-4">
        {brand}
        <button
          ref={button}
          type="button"
          aria-expanded={open}
          aria-controls={panelId}
          onClick={() => setOpen((o) => !o)}
          className="inline-flex items-center gap-2 rounded-md border border-slate-300 px-3 py-1.5 text-sm font-medium text-slate-700 hover:bg-slate-50 focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-orange-500"
        >
          <svg aria-hidden viewBox="0 0 16 16" className="h-4 w-4" fill="none" stroke="currentColor" strokeWidth="1.75">
            {open ? <path d="M4 4l8 8M12 4l-8 8" /> : <path d="M2.5 4h11M2.5 8h11M2.5 12h11" />}
          </svg>
          Menu
        </button>
      </header>
      <div
        id={panelId}
        hidden={!open}
        className="absolute inset-x-0 top-full z-30 max-h-[calc(100dvh-3.5rem)] overflow-y-auto border-b border-slate-200 bg-white px-4 pt-2 pb-4 shadow-lg"
      >
        <nav aria-label="Main (compact)" className="flex flex-col gap-0.5 text-sm">
          {/* A link to the page already shown changes no location: it closes the menu itself. */}
          <NavLinks nav={nav} onNavigate={() => setOpen(false)} />
        </nav>
        <div className="mt-3 border-t border-slate-200 pt-3 text-sm">{footer}</div>
      </div>
    </div>
  );
}
