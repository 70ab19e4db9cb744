import { execFile } from "node:child_process";
import { mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import path from "node:path";
import { promisify } from "node:util";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { findFreePort } from "@/lib/net/free-port";
import { type Service, startService, stopServices, waitForHealthy } from "@/scripts/lib/services";
import { requireBinaries } from "@/scripts/stack/binaries";
import { renderBlackboxConfig } from "./blackbox-modules";

const { "prometheus-blackbox-exporter": binary } = requireBinaries(["prometheus-blackbox-exporter"]);
let tmp: string;
let blackbox: Service;
let blackboxUrl: string;
let brick: Server;
let internal: Server;
const internalRequests: string[] = [];

async function listen(server: Server): Promise<string> {
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}

beforeAll(async () => {
  tmp = await mkdtemp(path.join(tmpdir(), "vigie-blackbox-"));
  // Stands for VictoriaMetrics' admin API on the hub: it must never be reached through a member's brick.
  internal = createServer((request, response) => {
    internalRequests.push(`${request.method} ${request.url}`);
    response.writeHead(204).end();
  });
  const internalUrl = await listen(internal);
  brick = createServer((_request, response) => {
    response
      .writeHead(302, { location: `${internalUrl}/api/v1/admin/tsdb/delete_series?match[]={__name__=~".+"}` })
      .end();
  });
  await listen(brick);
  const configFile = path.join(tmp, "blackbox.yml");
  await writeFile(configFile, renderBlackboxConfig());
  const port = await findFreePort();
  blackboxUrl = `http://127.0.0.1:${port}`;
  blackbox = startService(
    "prometheus-blackbox-exporter",
    binary!,
    [`--config.file=${configFile}`, `--web.listen-address=127.0.0.1:${port}`],
    { logDir: tmp },
  );
  await waitForHealthy(blackbox, `${blackboxUrl}/-/healthy`);
});
afterAll(async () => {
  await stopServices([blackbox]);
  await Promise.all([brick, internal].map((server) => new Promise((resolve) => server.close(resolve))));
  await rm(tmp, { recursive: true, force: true });
});

function metric(text: string, name: string): number | undefined {
  const line = text.split("\n").find((l) => l.startsWith(`${name} `));
  return line === undefined ? undefined : Number(line.slice(name.length + 1));
}

describe("blackbox modules", () => {
  it("are what deploy/blackbox.yml documents, and blackbox 0.23 accepts them", async () => {
    const documented = await readFile(path.join(process.cwd(), "deploy", "blackbox.yml"), "utf8");
    expect(documented.replace(/^#.*\n/gm, "")).toBe(renderBlackboxConfig());
    const check = await promisify(execFile)(binary!, [
      `--config.file=${path.join(process.cwd(), "deploy", "blackbox.yml")}`,
      "--config.check",
    ]);
    expect(check.stderr).toContain("Config file is ok");
  });

  it("fails a brick that redirects, with its status code, and never fetches the redirect's target", async () => {
    const target = `http://127.0.0.1:${(brick.address() as AddressInfo).port}/`;
    const response = await fetch(`${blackboxUrl}/probe?module=http_2xx&target=${encodeURIComponent(target)}`);
    const text = await response.text();
    expect(metric(text, "probe_success")).toBe(0);
    expect(metric(text, "probe_http_status_code")).toBe(302);
    // Give a follow-up request, if blackbox had made one, time to land.
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect(internalRequests).toEqual([]);
  });
});
