import { randomBytes } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { revokeAntenna } from "@/lib/antennas/mutations";
import type { DbHandle } from "@/lib/db/client";
import { addAntenna, createTier, testAdmin } from "@/lib/testing/antennas/rows";
import { createTestDatabase } from "@/lib/testing/database";
import { respondWithAntennaInfo } from "./antenna-info";
import { renderAntennaInfo } from "./render-antenna-info";

const token = "antenna-info-token-0123456789";
const key = randomBytes(32);
let handle: DbHandle;
const scrape = (authorization?: string) =>
  respondWithAntennaInfo(
    new Request("http://portal/metrics/antennas", { headers: authorization ? { authorization } : {} }),
    handle.db,
    { token },
  );

beforeAll(async () => {
  handle = await createTestDatabase();
  await createTier(handle.db, { id: "r_squats", writeUrl: "http://127.0.0.1:1" });
  await addAntenna(handle.db, key, { id: "a_2", tierId: "r_squats", noClientHours: 6, placeCode: "SQ-NORTH" });
  await addAntenna(handle.db, key, { id: "a_1", tierId: "r_squats" });
  await addAntenna(handle.db, key, { id: "a_3", tierId: "r_squats" });
  expect(await revokeAntenna(handle.db, testAdmin, "a_3")).toMatchObject({ ok: true });
});
afterAll(() => handle.close());

describe("the antennas' info series", () => {
  it("lists every antenna not revoked, with its tier and delay, and nothing else", async () => {
    const response = await scrape(`Bearer ${token}`);
    expect(response.status).toBe(200);
    expect(await response.text()).toBe(
      renderAntennaInfo([
        { id: "a_1", tierId: "r_squats", noClientHours: 12 },
        { id: "a_2", tierId: "r_squats", noClientHours: 6 },
      ]),
    );
  });

  it("is the Prometheus text format, sorted, without place codes", () => {
    const text = renderAntennaInfo([
      { id: "a_2", tierId: "r_squats", noClientHours: 6 },
      { id: "a_1", tierId: "r_vpn", noClientHours: 12 },
    ]);
    expect(text.split("\n").filter((line) => !line.startsWith("#"))).toEqual([
      'vigie_antenna_info{antenna="a_1",tier="r_vpn"} 1',
      'vigie_antenna_info{antenna="a_2",tier="r_squats"} 1',
      'vigie_antenna_no_client_hours{antenna="a_1",tier="r_vpn"} 12',
      'vigie_antenna_no_client_hours{antenna="a_2",tier="r_squats"} 6',
      "",
    ]);
    expect(text).not.toContain("SQ-NORTH");
    expect(() => renderAntennaInfo([{ id: 'a"}', tierId: "r", noClientHours: 1 }])).toThrow();
  });

  it("answers 401 without the metrics token, as /metrics does", async () => {
    expect((await scrape()).status).toBe(401);
    expect((await scrape("Bearer wrong-token-0123456789")).status).toBe(401);
    const open = await respondWithAntennaInfo(new Request("http://portal/metrics/antennas"), handle.db, {});
    expect(open.status).toBe(403);
  });
});
