"use client";

import { type ReactNode, useEffect, useRef, useState } from "react";

const openEvent = "vigie:open-target-details";

/**
 * Opens a target's details and brings them into view: the dashboard table's links call it (a plain `#details-…`
 * jump would land on a closed disclosure), and a page opened with that hash does the same on load.
 */
export function openTargetDetails(targetId: string): void {
  window.history.replaceState(null, "", `#details-${targetId}`);
  window.dispatchEvent(new CustomEvent(openEvent, { detail: targetId }));
}

type TargetDetailsProps = {
  targetId: string;
  title: ReactNode;
  /** Drawn only once opened, so a page with hundreds of targets does not build hundreds of charts. */
  children: (open: boolean) => ReactNode;
};

/** A disclosure per target; it stays as the member left it across live updates (its state is not in the data). */
export function TargetDetails({ targetId, title, children }: TargetDetailsProps) {
  const [open, setOpen] = useState(false);
  const [scrollRequest, setScrollRequest] = useState(0);
  const element = useRef<HTMLDetailsElement>(null);

  useEffect(() => {
    const reveal = () => {
      setOpen(true);
      setScrollRequest((count) => count + 1);
    };
    if (window.location.hash === `#details-${targetId}`) reveal();
    const onOpen = (event: Event) => {
      if ((event as CustomEvent<string>).detail === targetId) reveal();
    };
    const onHash = () => {
      if (window.location.hash === `#details-${targetId}`) reveal();
    };
    window.addEventListener(openEvent, onOpen);
    window.addEventListener("hashchange", onHash);
    return () => {
      window.removeEventListener(openEvent, onOpen);
      window.removeEventListener("hashchange", onHash);
    };
  }, [targetId]);

  useEffect(() => {
    if (scrollRequest === 0 || !element.current) return;
    element.current.scrollIntoView({ block: "start" });
    // Keyboard and screen-reader users continue from the details they asked for.
    element.current.querySelector("summary")?.focus({ preventScroll: true });
  }, [scrollRequest]);

  return (
    <details
      ref={element}
      open={open}
      className="scroll-mt-4 rounded border border-slate-200 p-3"
      onToggle={(event) => setOpen(event.currentTarget.open)}
    >
      <summary className="cursor-pointer font-medium focus-visible:outline-2 focus-visible:outline-teal-800">
        {title}
      </summary>
      <div className="mt-3 space-y-4">{open && children(open)}</div>
    </details>
  );
}
