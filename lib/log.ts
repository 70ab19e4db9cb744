import pino from "pino";

// Credentials must never reach the logs: vmauth and Matrix echo them in bodies and headers.
export const log = pino({
  level: process.env.LOG_LEVEL ?? "info",
  redact: { paths: ["*.accessToken", "*.token", "*.password", "*.authorization", "headers.authorization"], censor: "[redacted]" },
});
