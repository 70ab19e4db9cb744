import { type ChildProcess, spawn } from "node:child_process";
import { createWriteStream } from "node:fs";
import path from "node:path";

const running = new Set<ChildProcess>();
// Last resort when the test runner or CLI exits without calling stop(): never leave servers behind.
process.once("exit", () => {
  for (const child of running) child.kill("SIGKILL");
});

export type Service = { name: string; child: ChildProcess; logFile: string };

export type ServiceOptions = { logDir: string; env?: NodeJS.ProcessEnv; cwd?: string };

/** Spawns a server whose output goes to `<logDir>/<name>.log`. */
export function startService(name: string, bin: string, args: string[], options: ServiceOptions): Service {
  const logFile = path.join(options.logDir, `${name}.log`);
  const log = createWriteStream(logFile, { flags: "a" });
  const child = spawn(bin, args, {
    stdio: ["ignore", "pipe", "pipe"],
    env: options.env ?? process.env,
    cwd: options.cwd,
  });
  child.stdout?.pipe(log);
  child.stderr?.pipe(log);
  running.add(child);
  child.once("exit", () => running.delete(child));
  child.once("error", (error) => log.write(`spawn failed: ${error.message}\n`));
  return { name, child, logFile };
}

/** Polls `url` until it answers 200; fails early if the process exits, or after `timeoutMs`. */
export async function waitForHealthy(service: Service, url: string, timeoutMs = 15_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (service.child.exitCode !== null)
      throw new Error(`${service.name} exited (${service.child.exitCode}); see ${service.logFile}`);
    const ok = await fetch(url, { signal: AbortSignal.timeout(1000) }).then(
      (r) => r.ok,
      () => false,
    );
    if (ok) return;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error(`${service.name} not healthy at ${url} after ${timeoutMs} ms; see ${service.logFile}`);
}

/** SIGTERM, then SIGKILL after `graceMs`; resolves once every process has exited. */
export async function stopServices(services: readonly Service[], graceMs = 5_000): Promise<void> {
  await Promise.all(
    services.map(({ child }) => {
      if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
      return new Promise<void>((resolve) => {
        const timer = setTimeout(() => child.kill("SIGKILL"), graceMs);
        child.once("exit", () => {
          clearTimeout(timer);
          resolve();
        });
        child.kill("SIGTERM");
      });
    }),
  );
}
