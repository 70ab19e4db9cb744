import { parse } from "yaml";
import { relayReceiver } from "./render-alertmanager";

const timeout = () => AbortSignal.timeout(10_000);

/** `refused`: the service answered and rejected the file; otherwise it could not be reached. */
export type ReloadResult = { ok: true } | { ok: false; refused: boolean; error: string };

/** `POST /-/reload`: Alertmanager answers 500 with the reason when it refuses a file (the old one stays). */
export async function reloadService(name: string, baseUrl: string): Promise<ReloadResult> {
  try {
    const response = await fetch(new URL("/-/reload", baseUrl), { method: "POST", signal: timeout() });
    if (response.ok) return { ok: true };
    const body = (await response.text()).trim().slice(0, 2000);
    return { ok: false, refused: true, error: `${name} refused the reload (HTTP ${response.status}): ${body}` };
  } catch (error) {
    return { ok: false, refused: false, error: `${name} unreachable at ${baseUrl}: ${(error as Error).message}` };
  }
}

/** The configuration Alertmanager runs, re-serialised by it (defaults filled in, secrets masked). */
export async function fetchLoadedAlertmanagerConfig(baseUrl: string): Promise<string> {
  const response = await fetch(new URL("/api/v2/status", baseUrl), { signal: timeout() });
  if (!response.ok) throw new Error(`alertmanager status: HTTP ${response.status}`);
  const status = (await response.json()) as { config?: { original?: string } };
  if (typeof status.config?.original !== "string") throw new Error("alertmanager status without config.original");
  return status.config.original;
}

type RouteNode = { receiver?: string; matchers?: string[]; routes?: RouteNode[] };

/**
 * What must match between the written file and the loaded one. Alertmanager re-serialises its config (defaults,
 * masked secrets), so the texts differ: compare the receiver names and the members routed to the relay.
 */
export function summarizeAlertmanagerConfig(text: string): { receivers: string[]; relayMembers: string[] } {
  const config = (parse(text) ?? {}) as { receivers?: { name: string }[]; route?: RouteNode };
  const relayMembers = (config.route?.routes ?? [])
    .filter((route) => route.receiver === relayReceiver)
    .flatMap((route) => route.matchers ?? [])
    .filter((matcher) => matcher.startsWith("member="));
  return { receivers: (config.receivers ?? []).map((r) => r.name).sort(), relayMembers: relayMembers.sort() };
}
