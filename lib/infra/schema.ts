import { z } from "zod";
import { isHostOrIpLiteral } from "@/lib/net/host";
import { text } from "@/lib/text-input";

// prometheus-pve-exporter names a cluster node `node/<node name>` in the `id` label of pve_up.
const proxmoxNodePattern = /^node\/[A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?$/;

const name = text({ error: "name_required" })
  .trim()
  .min(1, { error: "name_required" })
  .max(80, { error: "name_too_long" });
const address = text({ error: "address_required" })
  .trim()
  .min(1, { error: "address_required" })
  .max(253, { error: "address_invalid" });

/** An infrastructure component as the admin form sends it; the address's shape depends on the kind. */
export const componentInputSchema = z.discriminatedUnion(
  "kind",
  [
    z.object({
      kind: z.literal("hypervisor"),
      name,
      address: address.regex(proxmoxNodePattern, { error: "address_node_invalid" }),
    }),
    z.object({
      kind: z.literal("vpn_server"),
      name,
      address: address
        .transform((value) => value.replace(/^\[(.*)\]$/, "$1").toLowerCase())
        .refine(isHostOrIpLiteral, { error: "address_host_invalid" }),
    }),
  ],
  { error: "component_kind_invalid" },
);
export type ComponentInput = z.output<typeof componentInputSchema>;
export type ComponentField = "kind" | "name" | "address";

const id = (prefix: string) => text().regex(new RegExp(`^${prefix}_[0-9a-f]{20}$`));

export const componentIdSchema = z.object({ componentId: id("i") });

/**
 * The component form: its id (absent or empty for a new component) and the fields as sent, which the save parses
 * against the kind (an edit keeps the stored kind).
 */
export const componentFormSchema = z
  .object({
    componentId: z
      .union([z.literal(""), id("i")])
      .optional()
      .transform((value) => value || null),
    kind: z.unknown(),
    name: z.unknown(),
    address: z.unknown(),
  })
  .transform(({ componentId, ...fields }) => ({ componentId, fields }));

/** An empty choice clears the admin's choice (a brick or VPN link then follows the default VPN server). */
export const dependencyInputSchema = z.object({
  targetId: id("t"),
  componentId: text().pipe(z.union([id("i"), z.literal("").transform(() => null)])),
});

export const incidentNoteSchema = z.object({
  incidentId: id("x"),
  /** Generated with the form: a double submit sends the note once. */
  noteKey: z.uuid(),
  text: text({ error: "text_required", multiline: true })
    .trim()
    .min(1, { error: "text_required" })
    .max(1000, { error: "text_too_long" }),
});
