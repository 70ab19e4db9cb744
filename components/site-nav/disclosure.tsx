"use client";

import { type ReactNode, useEffect, useId, useRef, useState } from "react";
import { usePathname } from "@/lib/i18n/navigation";

type DisclosureProps = {
  label: ReactNode;
  children: ReactNode;
  className?: string;
  summaryClassName?: string;
  panelClassName?: string;
};

/**
 * A menu that opens under its button: a `<details>`, so it opens and closes without JavaScript too. With it, the
 * button says whether it is open (`aria-expanded`, `aria-controls`), Escape and a click elsewhere close it (Escape
 * gives the focus back to the button), and following one of its links closes it.
 */
export function Disclosure({ label, children, className, summaryClassName, panelClassName }: DisclosureProps) {
  const details = useRef<HTMLDetailsElement>(null);
  const [open, setOpen] = useState(false);
  const panelId = useId();
  const pathname = usePathname();

  // biome-ignore lint/correctness/useExhaustiveDependencies: a new path (a link followed) is what closes the menu.
  useEffect(() => {
    if (details.current) details.current.open = false;
  }, [pathname]);

  useEffect(() => {
    if (!open) return;
    const closeOutside = (event: PointerEvent) => {
      if (details.current && !details.current.contains(event.target as Node)) details.current.open = false;
    };
    document.addEventListener("pointerdown", closeOutside);
    return () => document.removeEventListener("pointerdown", closeOutside);
  }, [open]);

  return (
    <details
      ref={details}
      className={className}
      onToggle={(event) => setOpen(event.currentTarget.open)}
      onKeyDown={(event) => {
        if (event.key !== "Escape" || !details.current?.open) return;
        details.current.open = false;
        details.current.querySelector("summary")?.focus();
      }}
    >
      <summary aria-expanded={open} aria-controls={panelId} className={summaryClassName}>
        {label}
      </summary>
      <div id={panelId} className={panelClassName}>
        {children}
      </div>
    </details>
  );
}
