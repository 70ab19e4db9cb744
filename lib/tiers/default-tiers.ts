import type { targetKinds } from "@/lib/db/schema";

type TargetKind = (typeof targetKinds)[number];

/**
 * The tiers of the meeting notes: squats' antennas 3 years; bricks, pings, TCP ports and VPN links ("VPN
 * (Briques, Parpaings)/FFDN: url, ping, tls") 6 months; VPS (Ketupa) and the hub's own metrics, for which the
 * notes give no new figure, keep the 3 years Neutrinet keeps today. `default`: the hub's existing instance, which
 * also holds every series that has no tier (the exporters, kinds without a tier).
 */
export const defaultTiers = [
  { key: "squats", name: "Squats", retention: "3y", kinds: [] },
  { key: "ffdn", name: "VPN/FFDN", retention: "6M", kinds: ["brick", "ping", "tcp", "vpn"] },
  { key: "vps", name: "VPS", retention: "3y", kinds: ["vps"] },
  { key: "infra", name: "Infra", retention: "3y", kinds: [], default: true },
] as const satisfies readonly { key: string; name: string; retention: string; kinds: TargetKind[]; default?: true }[];

export type DefaultTierKey = (typeof defaultTiers)[number]["key"];
