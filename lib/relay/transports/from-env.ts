import type { Env } from "@/lib/env";
import type { Transports } from "../deliver";
import { createMatrixTransport } from "./matrix";

/** The transports the environment configures; a channel type without one waits (and logs) until it is set. */
export function transportsFromEnv(env: Pick<Env, "MATRIX_HOMESERVER_URL" | "MATRIX_BOT_ACCESS_TOKEN">): Transports {
  const transports: Transports = {};
  if (env.MATRIX_HOMESERVER_URL && env.MATRIX_BOT_ACCESS_TOKEN) {
    transports.matrix = createMatrixTransport({
      homeserverUrl: env.MATRIX_HOMESERVER_URL,
      accessToken: env.MATRIX_BOT_ACCESS_TOKEN,
    });
  }
  return transports;
}
