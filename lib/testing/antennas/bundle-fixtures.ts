import path from "node:path";
import type { AntennaBundleInput } from "@/lib/antennas/bundle";
import { expectGoldenIn } from "@/lib/testing/monitoring/golden";

/** A bundle's input as the route builds it; the salt is 32 random bytes in base64url, as the portal makes one. */
export const bundleSample: AntennaBundleInput = {
  antennaId: "a_0123456789abcdef0123",
  username: "antenna-a_0123456789abcdef0123-g2",
  salt: "Qm9uam91ciBsZXMgdGVzdHMgOiBzZWwgZmljdGlm",
  writeUrl: "https://antennas.vigie.example/",
  locale: "en",
};

/** The stand-in `iw` and the fixture output it prints (`iw dev`, `iw dev <if> station dump`). */
export const iwFixtures = path.join(import.meta.dirname, "iw");

/** MAC addresses, SSIDs and interface addresses in the fixtures: none may come out of the station script. */
export const fixtureMacs = ["3c:a9:f4:12:34:56", "a4:5e:60:ab:cd:ef", "00:1b:44:11:3a:b7", "5c:49:79:00:00:01"];
export const fixtureSsids = ["Upstream Wifi", "Quiet Corner", "Squat Libre"];

export const expectBundleGolden = (name: string, actual: string) =>
  expectGoldenIn(path.join(import.meta.dirname, "testdata"), name, actual);
