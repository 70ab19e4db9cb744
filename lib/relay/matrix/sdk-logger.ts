import { format } from "node:util";
import type { Logger as SdkLogger } from "matrix-js-sdk/lib/logger";
import type { Logger as PinoLogger } from "pino";

/**
 * Routes matrix-js-sdk's logging into pino. The SDK narrates every sync at "info", which would drown the
 * worker's own logs, so its info goes to debug.
 */
export function matrixSdkLogger(base: PinoLogger): SdkLogger {
  const line = (msg: unknown[]) => format(...msg);
  return {
    trace: (...msg) => base.trace(line(msg)),
    debug: (...msg) => base.debug(line(msg)),
    info: (...msg) => base.debug(line(msg)),
    warn: (...msg) => base.warn(line(msg)),
    error: (...msg) => base.error(line(msg)),
    getChild: (namespace) => matrixSdkLogger(base.child({ sdk: namespace })),
  };
}
