import next from "eslint-config-next/core-web-vitals";
import nextTs from "eslint-config-next/typescript";

const config = [
  ...next,
  ...nextTs,
  {
    // Every input schema refuses control characters through one helper; machine payloads and settings are exempt.
    files: ["lib/**/*.ts"],
    ignores: [
      "lib/**/*.test.ts",
      "lib/text-input.ts",
      "lib/env.ts",
      "lib/monitoring/alertmanager-api.ts",
      "lib/dashboard/victoria-metrics.ts",
      "lib/dashboard/queries.ts",
      "lib/relay/intake/webhook-payload.ts",
      "lib/relay/infra/payload.ts",
    ],
    rules: {
      "no-restricted-syntax": [
        "error",
        {
          selector: "CallExpression[callee.object.name='z'][callee.property.name='string']",
          message: "Input text starts from text() of lib/text-input.ts, which refuses control characters.",
        },
        {
          selector: "CallExpression[callee.object.property.name='coerce'][callee.property.name='string']",
          message: "Input text starts from text() of lib/text-input.ts, which refuses control characters.",
        },
      ],
    },
  },
  { ignores: [".next/**", "node_modules/**", "data/**", "next-env.d.ts", "test-results/**", "playwright-report/**"] },
];

export default config;
