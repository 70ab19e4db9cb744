import next from "eslint-config-next/core-web-vitals";
import nextTs from "eslint-config-next/typescript";

const productionFiles = [
  "app/**/*.{ts,tsx,js,mjs}",
  "components/**/*.{ts,tsx,js,mjs}",
  "lib/**/*.{ts,tsx,js,mjs}",
  "worker/**/*.{ts,tsx,js,mjs}",
  "proxy.ts",
  "instrumentation.ts",
];

// Import paths are matched as written: `@/…`, or relative (`../testing/x` from lib/<domain>/ is lib/testing/x).
const testSupportImports = [
  {
    regex: "^(@/lib/testing|(\\.{1,2}/)+(.+/)?testing)(/|$)",
    message: "Test support (lib/testing/) is for tests, e2e/ and scripts/ only.",
  },
  {
    regex: "\\.fake(\\.tsx?)?$",
    message: "Fakes (*.fake.ts) stand in for external services in tests only.",
  },
];
const scriptsImports = [
  {
    regex: "^(@/scripts|(\\.{1,2}/)+(.+/)?scripts)(/|$)",
    message: "scripts/ holds the dev stack, benches and tools; production code does not import it.",
  },
];
const scriptsImportsExceptStarters = {
  regex: "^(@/scripts|(\\.{1,2}/)+(.+/)?scripts)/(?!stack/standalone-[\\w-]+$|synapse/start-synapse$)",
  message:
    "Test support may use the local servers' starters in scripts/ (stack/standalone-*, synapse/start-synapse) only.",
};

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
      "lib/dashboard/view.ts",
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
  {
    // Production code imports neither test support (lib/testing/, any *.fake module) nor the dev tooling in scripts/.
    // Tests, e2e/, scripts/ and lib/testing/ may; see "Tests and test support" in the README.
    files: productionFiles,
    ignores: ["lib/testing/**", "**/*.test.ts", "**/*.test.tsx"],
    rules: {
      "no-restricted-imports": ["error", { patterns: [...testSupportImports, ...scriptsImports] }],
    },
  },
  {
    // Test support stays below the dev tooling: from scripts/ it may use only the starters of the local servers
    // (one Alertmanager, VictoriaMetrics, Synapse), which the dev stack shares.
    files: ["lib/testing/**/*.{ts,tsx}"],
    ignores: ["**/*.test.ts", "**/*.test.tsx"],
    rules: {
      "no-restricted-imports": ["error", { patterns: [scriptsImportsExceptStarters] }],
    },
  },
  {
    // A scope that a function takes only as proof that its caller was checked (lib/policy.ts) is named `_admin`.
    rules: { "@typescript-eslint/no-unused-vars": ["warn", { argsIgnorePattern: "^_" }] },
  },
  { ignores: [".next/**", "node_modules/**", "data/**", "next-env.d.ts", "test-results/**", "playwright-report/**"] },
];

export default config;
