import { randomBytes } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { encryptSecret, parseSecretKey } from "@/lib/crypto";
import { startRecordingServer } from "@/lib/testing/relay/recording-server.fake";
import { transportsFromEnv } from "./from-env";
import { TransportError } from "./transport-error";

// The worker builds its Gotify transport from the environment: the guard it gets must be the hub's
// OUTBOUND_ALLOWED_NETWORKS and MONITORING_HOSTS, so a channel aimed at the hub's loopback is refused at send time,
// whatever TARGET_ALLOWED_NETWORKS opens for the probes.
let internal: Awaited<ReturnType<typeof startRecordingServer>>;
beforeAll(async () => {
  internal = await startRecordingServer({ status: 200, body: JSON.stringify({ id: 7 }) });
});
afterAll(() => internal.close());

const secret = randomBytes(32).toString("base64");
const settings = (allowed: string[], monitoring: string[] = []) => ({
  VIGIE_DATA_DIR: "./data",
  VIGIE_SECRET_KEY: secret,
  TARGET_ALLOWED_NETWORKS: ["127.0.0.0/8"],
  OUTBOUND_ALLOWED_NETWORKS: allowed,
  MONITORING_HOSTS: monitoring,
});
const delivery = () => ({
  notificationId: "n_1",
  alertStatus: "firing" as const,
  channel: {
    id: "c_1",
    type: "gotify" as const,
    roomId: null,
    address: internal.url,
    secretCiphertext: encryptSecret(parseSecretKey(secret), "AppToken.123", "c_1"),
  },
  message: { body: "title\nbody", formattedBody: "<p>…</p>" },
});

describe("transportsFromEnv: Gotify", () => {
  it("refuses a server outside OUTBOUND_ALLOWED_NETWORKS at send time, even inside TARGET_ALLOWED_NETWORKS, and reaches one inside", async () => {
    const refused = await transportsFromEnv(settings([])).gotify!(delivery()).catch((error: unknown) => error);
    expect(refused).toBeInstanceOf(TransportError);
    expect(refused).toMatchObject({ permanent: true, message: "gotify: address_not_allowed" });
    expect(internal.requests).toEqual([]);

    expect(await transportsFromEnv(settings(["127.0.0.1/32"])).gotify!(delivery())).toBe("7");
    expect(internal.requests).toHaveLength(1);
  });
});
