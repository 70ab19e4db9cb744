import { afterEach, describe, expect, it, vi } from "vitest";
import { env, resetEnvForTests } from "./env";

afterEach(() => {
  vi.unstubAllEnvs();
  resetEnvForTests();
});

describe("env", () => {
  it("treats empty variables as unset and splits lists", () => {
    vi.stubEnv("MATRIX_HOMESERVER_URL", "");
    vi.stubEnv("TARGET_ALLOWED_NETWORKS", "127.0.0.1/32, 10.8.0.0/16");
    const settings = env();
    expect(settings.MATRIX_HOMESERVER_URL).toBeUndefined();
    expect(settings.TARGET_ALLOWED_NETWORKS).toEqual(["127.0.0.1/32", "10.8.0.0/16"]);
  });

  it("names the variable that is wrong", () => {
    vi.stubEnv("PUBLIC_URL", "not a url");
    expect(() => env()).toThrow(/PUBLIC_URL/);
  });
});
