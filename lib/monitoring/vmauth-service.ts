import { spawn } from "node:child_process";
import { parse } from "yaml";
import { findFreePort } from "@/lib/net/free-port";
import type { ReloadResult } from "./services";
import type { ValidationResult } from "./validate";

/**
 * vmauth 1.79 has no dry-run flag (`vmauth -help`) and no reload metric: a file is checked by starting a throwaway
 * vmauth on it, and a reload by what the running vmauth does with the credentials that changed. Its error bodies
 * (and its log lines) echo the Basic credential it was sent: they are never read nor passed on.
 */

const requestTimeout = () => AbortSignal.timeout(10_000);

type VmauthUserLine = { username: string; password: string; url_map?: { src_paths?: string[] }[] };

function usersOf(text: string): VmauthUserLine[] {
  const parsed = parse(text) as { users?: VmauthUserLine[] } | null;
  return Array.isArray(parsed?.users) ? parsed.users : [];
}

/** Removes every password of the file from vmauth's output before it can reach a sync run or a log. */
export function redactVmauthOutput(output: string, configText: string): string {
  let safe = output;
  let passwords: string[] = [];
  try {
    passwords = usersOf(configText).map((user) => String(user.password));
  } catch {
    // Unparsable YAML: vmauth will say so, and its message may quote the file. Keep only the line's prefix.
    return safe.replace(/(cannot parse[^:]*:).*/g, "$1 …");
  }
  for (const password of passwords.sort((a, b) => b.length - a.length)) {
    if (password) safe = safe.replaceAll(password, "***");
  }
  return safe.replace(/Basic [A-Za-z0-9+/=]+/g, "Basic ***");
}

type Started = { ok: true } | { ok: false; output: string; portTaken: boolean };

async function startThrowaway(bin: string, file: string, timeoutMs: number): Promise<Started> {
  const port = await findFreePort();
  const child = spawn(bin, [`-httpListenAddr=127.0.0.1:${port}`, `-auth.config=${file}`, "-loggerLevel=ERROR"], {
    stdio: ["ignore", "pipe", "pipe"],
  });
  let output = "";
  child.stdout.on("data", (chunk) => (output += chunk));
  child.stderr.on("data", (chunk) => (output += chunk));
  let exited = false;
  const exit = new Promise<void>((resolve) => {
    child.once("exit", () => resolve());
    child.once("error", (error) => {
      output += `\n${error.message}`;
      resolve();
    });
  }).then(() => {
    exited = true;
  });
  try {
    const deadline = Date.now() + timeoutMs;
    while (!exited && Date.now() < deadline) {
      const healthy = await fetch(`http://127.0.0.1:${port}/health`, { signal: AbortSignal.timeout(1000) })
        .then(async (response) => {
          await response.body?.cancel();
          return response.ok;
        })
        .catch(() => false);
      if (healthy) return { ok: true };
      await Promise.race([exit, new Promise((resolve) => setTimeout(resolve, 20))]);
    }
    if (!exited) output += `\nno answer on /health within ${timeoutMs} ms`;
    return { ok: false, output, portTaken: /address already in use/.test(output) };
  } finally {
    if (!exited) {
      child.kill("SIGKILL");
      await exit;
    }
  }
}

/**
 * Starts a throwaway vmauth on a free loopback port with the candidate file: vmauth exits at start on a file it
 * would refuse on reload (`users` empty, a repeated username, a bad url_prefix…), and answers /health once the
 * file is loaded. ~60 ms; another process taking the port in between is retried on a new port.
 */
export async function checkVmauthConfig(bin: string, file: string, configText: string): Promise<ValidationResult> {
  for (let attempt = 0; attempt < 3; attempt++) {
    const started = await startThrowaway(bin, file, 10_000);
    if (started.ok) return { ok: true };
    if (started.portTaken) continue;
    const lines = redactVmauthOutput(started.output, configText)
      .split("\n")
      .filter((line) => /fatal|error|cannot|no answer|ENOENT/i.test(line))
      .map((line) => line.replace(/^\S+\t(fatal|error)\t\S+\t/, ""));
    return { ok: false, error: `vmauth: ${lines.join("\n").trim() || "exited at start"}` };
  }
  return { ok: false, error: "vmauth: no free loopback port to check the file on" };
}

/** `GET /-/reload?authKey=…`: vmauth answers 200 at once and re-reads the file in the background. */
export async function reloadVmauth(baseUrl: string, reloadKey: string | undefined): Promise<ReloadResult> {
  const url = new URL("/-/reload", baseUrl);
  if (reloadKey) url.searchParams.set("authKey", reloadKey);
  try {
    const response = await fetch(url, { signal: requestTimeout() });
    // The body of a refusal quotes the key it was given: only the status is kept.
    await response.body?.cancel();
    if (response.ok) return { ok: true };
    return {
      ok: false,
      refused: true,
      error: `vmauth refused the reload (HTTP ${response.status}): check VMAUTH_RELOAD_KEY`,
    };
  } catch (error) {
    return { ok: false, refused: false, error: `vmauth unreachable at ${baseUrl}: ${(error as Error).message}` };
  }
}

/** One credential vmauth must now accept (added) or refuse (removed), and the path it is tried on. */
export type VmauthProbe = { username: string; password: string; path: string; accept: boolean };

/**
 * A request a user's mapping forwards and the VictoriaMetrics behind answers without error and without storing
 * anything: an empty remote-write body (snappy of nothing: one zero byte) for writers, a label lookup for readers.
 */
function probePath(user: VmauthUserLine): string | null {
  const paths = (user.url_map ?? []).flatMap((entry) => entry.src_paths ?? []);
  if (paths.includes("/api/v1/write")) return "/api/v1/write";
  if (paths.includes("/api/v1/labels")) return "/api/v1/labels";
  return null;
}

/**
 * What proves vmauth runs the written file: the credentials added since the previous file must pass, the removed
 * ones must be refused. With no previous file, or no credential changed (a retry, a moved VictoriaMetrics), every
 * user of the file must pass.
 */
export function vmauthProbes(previous: string | null | undefined, written: string): VmauthProbe[] {
  const key = (user: VmauthUserLine) => `${user.username}\n${user.password}`;
  const now = usersOf(written);
  const before = previous ? usersOf(previous) : [];
  const beforeKeys = new Set(before.map(key));
  const nowKeys = new Set(now.map(key));
  const probe = (user: VmauthUserLine, accept: boolean): VmauthProbe[] => {
    const path = probePath(user);
    return path ? [{ username: user.username, password: String(user.password), path, accept }] : [];
  };
  const changed = [
    ...now.filter((user) => !beforeKeys.has(key(user))).flatMap((user) => probe(user, true)),
    ...before.filter((user) => !nowKeys.has(key(user))).flatMap((user) => probe(user, false)),
  ];
  return changed.length > 0 ? changed : now.flatMap((user) => probe(user, true));
}

/** vmauth's answer to a probe: 401 (no credential) or 400 (unknown credential) is a refusal; anything else passed. */
async function passes(baseUrl: string, probe: VmauthProbe): Promise<boolean | null> {
  const authorization = `Basic ${Buffer.from(`${probe.username}:${probe.password}`).toString("base64")}`;
  const write = probe.path === "/api/v1/write";
  try {
    const response = await fetch(new URL(probe.path, baseUrl), {
      method: write ? "POST" : "GET",
      headers: write
        ? {
            Authorization: authorization,
            "Content-Type": "application/x-protobuf",
            "Content-Encoding": "snappy",
            "X-Prometheus-Remote-Write-Version": "0.1.0",
          }
        : { Authorization: authorization },
      body: write ? Uint8Array.of(0) : undefined,
      signal: requestTimeout(),
    });
    await response.body?.cancel();
    return response.status !== 400 && response.status !== 401;
  } catch {
    return null;
  }
}

async function inPool<T, R>(items: T[], width: number, work: (item: T) => Promise<R>): Promise<R[]> {
  const results: R[] = new Array(items.length);
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const index = next++;
      results[index] = await work(items[index]!);
    }
  };
  await Promise.all(Array.from({ length: Math.min(width, items.length) }, worker));
  return results;
}

/**
 * Waits until vmauth answers every probe as the written file says (the reload is asynchronous), or gives up
 * after `timeoutMs`: then vmauth still runs another file, and the sync run fails.
 */
export async function verifyVmauthLoaded(
  baseUrl: string,
  probes: VmauthProbe[],
  timeoutMs = 5000,
): Promise<ReloadResult> {
  let pending = probes;
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const answers = await inPool(pending, 8, (probe) => passes(baseUrl, probe));
    pending = pending.filter((probe, index) => answers[index] !== probe.accept);
    if (pending.length === 0) return { ok: true };
    if (Date.now() >= deadline) {
      const first = pending[0]!;
      return {
        ok: false,
        refused: true,
        error: `vmauth does not run the written file after ${timeoutMs} ms: ${pending.length} of ${probes.length} checks failed (${first.username} ${first.accept ? "refused" : "still accepted"})`,
      };
    }
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
}
