import ipaddr from "ipaddr.js";
import { emptyTargetValues, type TargetFormValues, type TargetInput, type TargetKind } from "./schema";

/** The `address` column: brick URL, ping host, tcp `host:port` (`[v6]:port`), vps guest id, vpn client name. */
export function toStoredAddress(input: TargetInput): string {
  switch (input.kind) {
    case "brick":
      return input.url;
    case "ping":
      return input.host;
    case "tcp":
      return `${ipaddr.IPv6.isValid(input.host) ? `[${input.host}]` : input.host}:${input.port}`;
    case "vps":
      return input.vmId;
    case "vpn":
      return input.client;
  }
}

/** The host the probes would reach, which the network guard judges; VPS and VPN are not probed. */
export function probedHostOf(input: TargetInput): string | null {
  switch (input.kind) {
    case "brick":
      return new URL(input.url).hostname;
    case "ping":
    case "tcp":
      return input.host;
    default:
      return null;
  }
}

/** The host the probes reach for a stored target (the daily re-check's input); null when not probed or unreadable. */
export function probedHostOfStored(target: { kind: TargetKind; address: string }): string | null {
  const values = toFormValues({ ...target, label: "" });
  switch (target.kind) {
    case "brick":
      return URL.canParse(values.url) ? new URL(values.url).hostname : null;
    case "ping":
    case "tcp":
      return values.host;
    default:
      return null;
  }
}

/** Splits a stored address back into the form's fields, for the edit form. */
export function toFormValues(target: { kind: TargetKind; label: string; address: string }): TargetFormValues {
  const values: TargetFormValues = { ...emptyTargetValues, kind: target.kind, label: target.label };
  switch (target.kind) {
    case "brick":
      return { ...values, url: target.address };
    case "ping":
      return { ...values, host: target.address };
    case "tcp": {
      const match = /^\[?(.*?)\]?:(\d+)$/.exec(target.address);
      return { ...values, host: match?.[1] ?? target.address, port: match?.[2] ?? "" };
    }
    case "vps":
      return { ...values, vmId: target.address };
    case "vpn":
      return { ...values, client: target.address };
  }
}
