import { z } from "zod";
import { isReason, type Reason } from "@/lib/action-result";
import type { TargetKindValue } from "@/lib/db/schema";
import { isHostOrIpLiteral } from "@/lib/net/host";
import { recordIdSchema, text } from "@/lib/text-input";
import { suggestHttpsAddress } from "./scheme-suggestion";

const label = text({ error: "label_required" })
  .trim()
  .min(1, { error: "label_required" })
  .max(80, { error: "label_too_long" });

/** A host name or an IP literal in its standard spelling (IPv6 with or without brackets); kept lower-case and without brackets. */
const host = text({ error: "host_required" })
  .trim()
  .min(1, { error: "host_required" })
  .max(253, { error: "host_invalid" })
  .transform((value) => value.replace(/^\[(.*)\]$/, "$1").toLowerCase())
  .refine(isHostOrIpLiteral, { error: "host_invalid" });

const url = text({ error: "url_required" })
  .trim()
  .min(1, { error: "url_required" })
  .max(2048, { error: "url_too_long" })
  // Said before "not an address": the form then offers the address with https:// in front.
  .refine((value) => suggestHttpsAddress(value) === null, { error: "url_missing_scheme", abort: true })
  .refine((value) => URL.canParse(value), { error: "url_invalid" })
  .transform((value) => new URL(value))
  .refine((value) => value.protocol === "https:" || value.protocol === "http:", { error: "url_scheme" })
  .refine((value) => value.username === "" && value.password === "", { error: "url_credentials" })
  .transform((value) => value.toString());

/** Form input for each kind of target; `kind` chooses the fields. */
export const targetInputSchema = z.discriminatedUnion(
  "kind",
  [
    /** The member's YunoHost/Internet-Cube box, probed over HTTP(S) with its certificate. */
    z.object({ kind: z.literal("brick"), label, url }),
    z.object({ kind: z.literal("ping"), label, host }),
    z.object({
      kind: z.literal("tcp"),
      label,
      host,
      port: z.coerce
        .number({ error: "port_invalid" })
        .int({ error: "port_invalid" })
        .min(1, { error: "port_invalid" })
        .max(65535, { error: "port_invalid" }),
    }),
    /** A Proxmox guest as prometheus-pve-exporter names it in its `id` label. */
    z.object({
      kind: z.literal("vps"),
      label,
      vmId: text({ error: "vm_id_invalid" })
        .trim()
        .regex(/^(qemu|lxc)\/[1-9][0-9]{0,8}$/, { error: "vm_id_invalid" }),
    }),
    /** The OpenVPN common name of the member's VPN account. */
    z.object({
      kind: z.literal("vpn"),
      label,
      client: text({ error: "client_invalid" })
        .trim()
        .regex(/^[A-Za-z0-9._@-]{1,64}$/, { error: "client_invalid" }),
    }),
  ],
  { error: "kind_invalid" },
);

export type TargetInput = z.infer<typeof targetInputSchema>;
export type TargetKind = TargetKindValue;
/** The kinds in the order the add form offers them; kept here so client components need not load lib/db. */
export const formKinds = ["brick", "ping", "tcp", "vps", "vpn"] as const satisfies readonly TargetKind[];
export type TargetField = "kind" | "label" | "url" | "host" | "port" | "vmId" | "client";
export type TargetFieldErrors = Partial<Record<TargetField, Reason>>;
/** What a form sends and gets back when refused, so it keeps what was typed. */
export type TargetFormValues = Record<Exclude<TargetField, "kind">, string> & { kind: TargetKind };

export const emptyTargetValues: TargetFormValues = {
  kind: "brick",
  label: "",
  url: "",
  host: "",
  port: "",
  vmId: "",
  client: "",
};

export function fieldErrorsOf(error: z.ZodError): TargetFieldErrors {
  const errors: TargetFieldErrors = {};
  for (const issue of error.issues) {
    const field = (issue.path[0] ?? "kind") as TargetField;
    errors[field] ??= isReason(issue.message) ? issue.message : "unexpected";
  }
  return errors;
}

/** The review note an admin must give when refusing a request. */
export const rejectReasonSchema = text({ error: "reason_required", multiline: true })
  .trim()
  .min(1, { error: "reason_required" })
  .max(500, { error: "reason_too_long" });

/** An admin's decision on a request; the reason only matters for a rejection (rejectReasonSchema checks it then). */
export const reviewDecisionSchema = z.object({
  targetId: recordIdSchema,
  decision: z.enum(["approve", "reject"]),
  reason: text({ multiline: true }).max(5000).default(""),
  /** The version of the address shown on the admin's page (`addressVersion`): approval holds only for what was seen. */
  addressVersion: text().max(64).default(""),
});

/** The target a row's delete button posts. */
export const targetRowSchema = z.object({ targetId: recordIdSchema });
/** A row's pause or resume button: anything but "true" resumes. */
export const targetPauseSchema = targetRowSchema.extend({
  paused: z.unknown().transform((value) => value === "true"),
});
