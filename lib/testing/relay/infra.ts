import type { Db } from "@/lib/db/client";
import { infraComponents, targets } from "@/lib/db/schema";
import { newId } from "@/lib/ids";
import type { InfraPayload } from "@/lib/relay/infra/payload";

/** A component with a fresh id, so test files can share a database server. */
export async function seedComponent(
  db: Db,
  kind: "hypervisor" | "vpn_server",
  name = kind === "hypervisor" ? "pve1" : "vpn1",
) {
  const id = newId("i");
  await db
    .insert(infraComponents)
    .values({ id, kind, name, address: kind === "hypervisor" ? `node/${name}` : `${name}.example.org` });
  return id;
}

export async function seedTarget(
  db: Db,
  memberId: string,
  options: {
    kind: "vps" | "brick" | "vpn" | "ping";
    dependsOn?: string | null;
    paused?: boolean;
    status?: "active" | "pending";
    label?: string;
  },
) {
  const id = newId("t");
  await db.insert(targets).values({
    id,
    memberId,
    kind: options.kind,
    label: options.label ?? `${options.kind} ${id}`,
    address: options.kind === "vps" ? "qemu/101" : "https://brick.example.org/",
    dependsOn: options.dependsOn ?? null,
    paused: options.paused ?? false,
    status: options.status ?? "active",
  });
  return id;
}

/** The group Alertmanager's infra route posts for one component's down alert. */
export function infraGroupPayload(
  componentId: string,
  options: { status?: "firing" | "resolved"; fingerprint?: string; startsAt?: string; alertname?: string } = {},
): InfraPayload {
  const status = options.status ?? "firing";
  return {
    version: "4",
    status,
    groupKey: `{}/{infra=~".+"}:{infra="${componentId}"}`,
    alerts: [
      {
        status,
        labels: { alertname: options.alertname ?? "InfraHypervisorDown", infra: componentId, severity: "critical" },
        startsAt: options.startsAt ?? "2026-11-26T23:49:48.97Z",
        endsAt: status === "resolved" ? "2026-11-27T00:04:48.12Z" : "0001-01-01T00:00:00Z",
        fingerprint: options.fingerprint ?? `fp-${componentId}`,
      },
    ],
  };
}
