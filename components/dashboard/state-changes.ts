import type { DashboardTargetView, TargetStateView } from "@/lib/dashboard/view";

export type StateChange = { label: string; state: TargetStateView };

/** Targets whose state differs from the previous answer's; targets just added or removed are not "changes". */
export function stateChanges(
  previous: readonly Pick<DashboardTargetView, "id" | "state">[],
  next: readonly Pick<DashboardTargetView, "id" | "label" | "state">[],
): StateChange[] {
  const before = new Map(previous.map((target) => [target.id, target.state]));
  return next.flatMap((target) => {
    const was = before.get(target.id);
    return was !== undefined && was !== target.state ? [{ label: target.label, state: target.state }] : [];
  });
}
