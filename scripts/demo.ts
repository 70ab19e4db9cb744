import { spawnSync } from "node:child_process";
import { existsSync } from "node:fs";
import path from "node:path";
import { startDevEnvironment } from "@/scripts/dev/environment";
import { demoAccounts, demoPassword } from "@/scripts/oidc/demo-accounts";

// `npm run demo`: the whole portal on this machine with embedded defaults, data kept in ./data/demo.
if (!existsSync(".next/BUILD_ID")) {
  console.log("Building the portal (first run only, a few minutes)…");
  const build = spawnSync(path.resolve("node_modules/.bin/next"), ["build"], {
    stdio: "inherit",
    env: { ...process.env, NEXT_TELEMETRY_DISABLED: "1" },
  });
  if (build.status !== 0) process.exit(build.status ?? 1);
}

const environment = await startDevEnvironment({
  dataDir: "data/demo",
  webPort: Number(process.env.PORT ?? 3000),
  oidcPort: Number(process.env.OIDC_PORT ?? 9400),
  synapse: "auto",
  registerDemoMatrixAccounts: true,
  log: (line) => console.log(line),
});

console.log(`\nVigie is running: ${environment.baseUrl}`);
console.log(
  `Demo logins (password "${demoPassword}"): ${demoAccounts.map((account) => `${account.login}${account.groups.includes("vigie-admins") ? " (admin)" : ""}`).join(", ")}`,
);
console.log(
  "Bricks on 127.0.0.1 are allowed in the demo (TARGET_ALLOWED_NETWORKS=127.0.0.1/32); a Gotify server must be public (OUTBOUND_ALLOWED_NETWORKS is empty).",
);
console.log(
  `E-mail goes to a local SMTP sink: ${environment.mailInboxUrl} lists what was sent (copies in data/demo/mail).`,
);
console.log(`Metrics: curl -H "Authorization: Bearer ${environment.metricsToken}" ${environment.baseUrl}/metrics`);
if (environment.stackMissing) console.log(`Monitoring stack missing: ${environment.stackMissing}`);
if (environment.synapse) {
  console.log(`Matrix: homeserver ${environment.synapse.url}, bot ${environment.synapse.botUserId}`);
  console.log(
    `  Matrix accounts for the demo members (password "${demoPassword}"): ${environment.synapse.memberAccounts.join(", ")}`,
  );
}
console.log("Press Ctrl+C to stop.");

let stopping = false;
for (const signal of ["SIGINT", "SIGTERM"] as const) {
  process.on(signal, () => {
    if (stopping) return;
    stopping = true;
    void environment.stop().then(() => process.exit(0));
  });
}
