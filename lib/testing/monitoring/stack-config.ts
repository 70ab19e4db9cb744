import type { MonitoringConfig } from "@/lib/monitoring/apply";

/** The parts of a started dev stack (scripts/stack/stack.ts) the sync talks to. */
type StartedStack = {
  urls: {
    alertmanager: string;
    vmalert: string;
    vmagent: string;
    vmauth: string;
    tiers: Record<string, { vmalert: string }>;
  };
  vmauthReloadKey: string;
};

/** What the sync needs to reach a started stack: Alertmanager, every vmalert (the default's first), vmagent, vmauth. */
export function stackServiceConfig(
  stack: StartedStack,
): Pick<MonitoringConfig, "alertmanagerUrl" | "vmalertUrl" | "vmagentUrl" | "vmauthUrl" | "vmauthReloadKey"> {
  const vmalerts = [stack.urls.vmalert, ...Object.values(stack.urls.tiers).map((tier) => tier.vmalert)];
  return {
    alertmanagerUrl: stack.urls.alertmanager,
    vmalertUrl: [...new Set(vmalerts)],
    vmagentUrl: stack.urls.vmagent,
    vmauthUrl: stack.urls.vmauth,
    vmauthReloadKey: stack.vmauthReloadKey,
  };
}
