import { randomBytes } from "node:crypto";
import { afterEach, describe, expect, it, vi } from "vitest";
import { SecretKeyError } from "./crypto";
import { env, resetEnvForTests, secretKeyFromEnv } from "./env";

afterEach(() => {
  vi.unstubAllEnvs();
  resetEnvForTests();
});

describe("env", () => {
  it("parses VIGIE_SECRET_KEY: none when unset or empty, the key, or a SecretKeyError when malformed", () => {
    const key = randomBytes(32);
    vi.stubEnv("VIGIE_SECRET_KEY", "");
    expect(secretKeyFromEnv()).toBeNull();
    expect(secretKeyFromEnv({ VIGIE_SECRET_KEY: undefined })).toBeNull();
    resetEnvForTests();
    vi.stubEnv("VIGIE_SECRET_KEY", key.toString("base64"));
    expect(secretKeyFromEnv()).toEqual(key);
    // A typo must not pass for "no key": the feature would then refuse with the wrong reason.
    expect(() => secretKeyFromEnv({ VIGIE_SECRET_KEY: "not-a-key" })).toThrow(SecretKeyError);
  });

  it("treats empty variables as unset and splits lists", () => {
    vi.stubEnv("MATRIX_HOMESERVER_URL", "");
    vi.stubEnv("TARGET_ALLOWED_NETWORKS", "127.0.0.1/32, 10.8.0.0/16");
    const settings = env();
    expect(settings.MATRIX_HOMESERVER_URL).toBeUndefined();
    expect(settings.TARGET_ALLOWED_NETWORKS).toEqual(["127.0.0.1/32", "10.8.0.0/16"]);
  });

  // A name that stopped resolving would lift the monitoring servers' protection without a word: refuse it at start.
  it("takes MONITORING_HOSTS as IP addresses only", () => {
    vi.stubEnv("MONITORING_HOSTS", "80.67.169.40, [2001:910:800::40]");
    expect(env().MONITORING_HOSTS).toEqual(["80.67.169.40", "2001:910:800::40"]);
    resetEnvForTests();
    vi.stubEnv("MONITORING_HOSTS", "80.67.169.40 monitor.example.org");
    expect(() => env()).toThrow(/MONITORING_HOSTS/);
    resetEnvForTests();
    vi.stubEnv("MONITORING_HOSTS", "010.0.0.1");
    expect(() => env()).toThrow(/MONITORING_HOSTS/);
  });

  it("keeps the outbound allow-list apart from the probes' and empty by default", () => {
    vi.stubEnv("TARGET_ALLOWED_NETWORKS", "10.0.0.0/8");
    expect(env().OUTBOUND_ALLOWED_NETWORKS).toEqual([]);
    resetEnvForTests();
    vi.stubEnv("OUTBOUND_ALLOWED_NETWORKS", "127.0.0.2/32");
    expect(env().OUTBOUND_ALLOWED_NETWORKS).toEqual(["127.0.0.2/32"]);
  });

  it("names the variable that is wrong", () => {
    vi.stubEnv("PUBLIC_URL", "not a url");
    expect(() => env()).toThrow(/PUBLIC_URL/);
  });
});
