/** Next.js calls this once when the server starts: migrate the database and start the embedded worker. */
export async function register() {
  if (process.env.NEXT_RUNTIME !== "nodejs") return;
  const { startEmbeddedWorker } = await import("./worker/embedded");
  await startEmbeddedWorker();
}
