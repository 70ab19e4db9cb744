import { describe, expect, it } from "vitest";
import { sharedMatrixSessionFromEnv } from "./shared-session";

const env = {
  MATRIX_HOMESERVER_URL: "http://127.0.0.1:1",
  MATRIX_BOT_USER_ID: "@bot:example.org",
  MATRIX_BOT_ACCESS_TOKEN: "token",
  MATRIX_BOT_PASSWORD: "password",
  VIGIE_DATA_DIR: "/tmp/vigie-shared-session-test",
};

describe("sharedMatrixSessionFromEnv", () => {
  it("gives the transports and the bot of a process one session, and a new one once it is stopped", async () => {
    const first = sharedMatrixSessionFromEnv(env);
    expect(first).toBeDefined();
    expect(sharedMatrixSessionFromEnv({ ...env })).toBe(first);
    expect(sharedMatrixSessionFromEnv({ ...env, VIGIE_DATA_DIR: "/tmp/vigie-other-worker" })).not.toBe(first);
    await first!.stop();
    await expect(first!.start()).rejects.toThrow(/stopped/);
    const second = sharedMatrixSessionFromEnv(env);
    expect(second).not.toBe(first);
    await second!.stop();
  });

  it("has no session without the bot's password: plain rooms only", () => {
    expect(sharedMatrixSessionFromEnv({ ...env, MATRIX_BOT_PASSWORD: undefined })).toBeUndefined();
  });
});
