import path from "node:path";
import { productionTimings } from "@/lib/monitoring/timings";
import { startStack } from "./stack";

// Demo: probes every 15 s so a broken brick shows up within a minute, without the test suite's 2 s churn.
const workDir = path.resolve("data/stack");
const configDir = path.resolve(process.env.MONITORING_CONFIG_DIR ?? "data/monitoring");
const stack = await startStack({
  workDir,
  configDir,
  timings: { ...productionTimings, scrapeInterval: "15s", evaluationInterval: "15s" },
});

console.log(`monitoring stack running (config from ${configDir}, logs in ${path.join(workDir, "logs")})`);
for (const [name, url] of Object.entries(stack.urls))
  if (typeof url === "string") console.log(`  ${name.padEnd(16)} ${url}`);
console.log(
  `For the portal: ALERTMANAGER_URL=${stack.urls.alertmanager} VMALERT_URL=${stack.urls.vmalert} VICTORIA_METRICS_URL=${stack.urls.victoriaMetrics}`,
);

let stopping = false;
const shutdown = async () => {
  if (stopping) return;
  stopping = true;
  await stack.stop();
  console.log("monitoring stack stopped");
  process.exit(0);
};
process.on("SIGINT", shutdown);
process.on("SIGTERM", shutdown);
