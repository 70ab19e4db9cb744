"use client";

import { useState } from "react";

/**
 * A choice (a kind, a type) that decides which fields a form shows. React resets a form to the defaults its
 * controls were mounted with once its action has run, so the control is uncontrolled and remounted with each new
 * action state (`controlKey`), and the choice follows that state as well as the member's own changes; otherwise
 * the fields shown and the value sent would disagree after a refused submission.
 */
export function useFormChoice<S, T extends string>(state: S, submitted: T) {
  const [choice, setChoice] = useState(submitted);
  const [seen, setSeen] = useState({ state, version: 0 });
  if (state !== seen.state) {
    setSeen({ state, version: seen.version + 1 });
    setChoice(submitted);
  }
  return { choice, setChoice, controlKey: seen.version };
}
