import { stringify } from "yaml";
import type { VmauthAntenna, VmauthCredential, VmauthInput, VmauthTier } from "./vmauth-model";

export const vmauthFile = "vmauth.yml";
/** The file holds passwords in clear: readable by its owner (vmauth's user) only. */
export const vmauthFileMode = 0o600;

/**
 * Each tier's service passwords, one file per user, for the services that authenticate to vmauth from the hub's
 * own host: vmagent (`-remoteWrite.basicAuth.passwordFile`, one per remote-write URL) and each tier's vmalert
 * (`-datasource.basicAuth.passwordFile`); Grafana's admin reads the reader's. Both re-read the file at each request
 * (measured on 1.79: a file written after vmagent started was picked up at its next retry), so a new tier needs no
 * restart. Mode 0600 like vmauth.yml: the services run as the user that owns the folder.
 */
export const serviceUsersDir = "service-users";
export const servicePasswordFile = (username: string) => `${serviceUsersDir}/${username}.password`;

/**
 * The one path telegraf's `outputs.http` with `data_format = "prometheusremotewrite"` posts to (checked end to
 * end through vmauth, NOTES.md): nothing else is open to an antenna or to vmagent.
 */
export const writePaths = ["/api/v1/write"] as const;

/**
 * What the portal, vmalert and Grafana read: instant and range queries, series and label lookups. No export,
 * no federate, no delete, no admin, no status pages. vmauth anchors each entry as a regexp (`^(?:…)$`).
 */
export const readPaths = [
  "/api/v1/query",
  "/api/v1/query_range",
  "/api/v1/series",
  "/api/v1/labels",
  "/api/v1/label/[^/]+/values",
] as const;

/** Ids go into a URL and a YAML file unquoted by hand: only opaque, URL-safe ids are accepted. */
const safeId = /^[A-Za-z0-9_-]+$/;
/** Basic auth splits at the first `:`, so a username has none; ours are ids with a prefix. */
const safeUsername = /^[A-Za-z0-9_.-]+$/;

/** vmauth replaces `%{NAME}` with an environment variable before parsing: a password must not contain it. */
function checkCredential({ username, password }: VmauthCredential): VmauthCredential {
  if (!safeUsername.test(username)) throw new Error(`vmauth username ${JSON.stringify(username)} is not an id`);
  if (password.length === 0 || password.includes("%{")) throw new Error(`vmauth user ${username}: unusable password`);
  return { username, password };
}

type UrlMapEntry = { src_paths: string[]; url_prefix: string };
type VmauthUser = { username: string; password: string; url_map: UrlMapEntry[] };

function baseUrl(tier: VmauthTier): string {
  const url = new URL(tier.victoriaMetricsUrl);
  if (url.protocol !== "http:" && url.protocol !== "https:") throw new Error(`tier ${tier.id}: http(s) URL expected`);
  if (url.search || url.hash || url.username || url.password) {
    throw new Error(`tier ${tier.id}: victoriaMetricsUrl must not carry a query, fragment or credential`);
  }
  return url.href.replace(/\/+$/, "");
}

/**
 * VictoriaMetrics applies `extra_label` from vmauth's `url_prefix` over the client's own labels and over an
 * `extra_label` the client adds to its URL (checked: NOTES.md), so an antenna cannot write as another.
 */
export function antennaWritePrefix(tierUrl: string, antennaId: string): string {
  return `${tierUrl}/?extra_label=antenna=${antennaId}`;
}

function antennaUsers(antenna: VmauthAntenna, tierUrl: string, now: Date): VmauthUser[] {
  const url_map = [{ src_paths: [...writePaths], url_prefix: antennaWritePrefix(tierUrl, antenna.id) }];
  const users: VmauthUser[] = [{ ...checkCredential(antenna), url_map }];
  if (antenna.previous && now.getTime() < antenna.previous.validUntil.getTime()) {
    users.push({ ...checkCredential(antenna.previous), url_map });
  }
  return users;
}

/** The password alone, no newline: vmagent and vmalert send the file's bytes as they are. */
export function renderServicePasswords(input: VmauthInput): Record<string, string> {
  const files: Record<string, string> = {};
  for (const tier of input.tiers) {
    for (const user of [tier.writer, tier.reader])
      files[servicePasswordFile(checkCredential(user).username)] = user.password;
  }
  return files;
}

const byId = <T extends { id: string }>(a: T, b: T) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);

/**
 * vmauth's `-auth.config`: per tier, vmagent's write-only user and the read-only user, then one write-only user
 * per antenna of the tier (two while a rotated password is still valid). Sorted by tier id then antenna id, so
 * the same input gives the same bytes. The file holds passwords in clear (vmauth compares them as given):
 * write it with `vmauthFileMode` (`writeFileAtomic(file, content, vmauthFileMode)`).
 */
export function renderVmauth(input: VmauthInput): Record<string, string> {
  const tiers = [...input.tiers].sort(byId);
  const tierUrls = new Map<string, string>();
  for (const tier of tiers) {
    if (!safeId.test(tier.id)) throw new Error(`tier id ${JSON.stringify(tier.id)} is not an opaque id`);
    if (tierUrls.has(tier.id)) throw new Error(`tier ${tier.id} listed twice`);
    tierUrls.set(tier.id, baseUrl(tier));
  }
  const antennas = [...input.antennas].sort(byId);
  for (const antenna of antennas) {
    if (!safeId.test(antenna.id)) throw new Error(`antenna id ${JSON.stringify(antenna.id)} is not an opaque id`);
    if (!tierUrls.has(antenna.tierId)) throw new Error(`antenna ${antenna.id}: unknown tier ${antenna.tierId}`);
  }
  const users: VmauthUser[] = [];
  for (const tier of tiers) {
    const url = tierUrls.get(tier.id)!;
    users.push({ ...checkCredential(tier.writer), url_map: [{ src_paths: [...writePaths], url_prefix: url }] });
    users.push({ ...checkCredential(tier.reader), url_map: [{ src_paths: [...readPaths], url_prefix: url }] });
    for (const antenna of antennas) {
      if (antenna.tierId === tier.id) users.push(...antennaUsers(antenna, url, input.now));
    }
  }
  // vmauth refuses an empty `users` list and keeps its last good file: say so here instead of at reload.
  if (users.length === 0) throw new Error("vmauth needs at least one tier");
  // vmauth 1.79 refuses the whole file on a repeated username ("duplicate username found").
  const seen = new Set<string>();
  for (const { username } of users) {
    if (seen.has(username)) throw new Error(`vmauth username ${username} used twice`);
    seen.add(username);
  }
  return { [vmauthFile]: stringify({ users }, { lineWidth: 0, aliasDuplicateObjects: false }) };
}
