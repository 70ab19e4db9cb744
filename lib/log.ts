import pino from "pino";

/** Fields of database errors that quote the rows: a failed insert would write an alert's text into the log. */
const quotingFields = ["params", "parameters", "where", "detail", "query"] as const;

/**
 * Errors as pino serialises them, minus what quotes data: Drizzle puts a failed query's parameters in its message
 * (`Failed query: … params: …`), PostgreSQL its offending value in `detail` and `where`.
 */
function serializeError(error: unknown): unknown {
  return scrub(pino.stdSerializers.err(error instanceof Error ? error : new Error(String(error))));
}

function scrub(serialized: unknown): unknown {
  if (!serialized || typeof serialized !== "object") return serialized;
  const copy: Record<string, unknown> = { ...serialized };
  for (const field of quotingFields) delete copy[field];
  for (const field of ["message", "stack"] as const) {
    const text = copy[field];
    if (typeof text === "string") copy[field] = text.replace(/\nparams: [\s\S]*?(?=\n {4}at |$)/, "");
  }
  if (copy.cause) copy.cause = scrub(copy.cause);
  return copy;
}

// Credentials must never reach the logs: vmauth and Matrix echo them in bodies and headers.
export const logOptions: pino.LoggerOptions = {
  level: process.env.LOG_LEVEL ?? "info",
  redact: {
    paths: ["*.accessToken", "*.token", "*.password", "*.authorization", "headers.authorization"],
    censor: "[redacted]",
  },
  serializers: { err: serializeError },
};

export const log = pino(logOptions);
