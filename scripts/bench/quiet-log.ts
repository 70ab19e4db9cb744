// Imported first by intake.ts: lib/log.ts reads LOG_LEVEL when it is imported, and the in-process profile must not
// print one line per post. The portal under test keeps the level it would have in production (or the caller's).
export const serverLogLevel = process.env.LOG_LEVEL ?? "info";
process.env.LOG_LEVEL = "warn";
