import type { NextConfig } from "next";
import createNextIntlPlugin from "next-intl/plugin";

const withNextIntl = createNextIntlPlugin("./lib/i18n/request.ts");

const nextConfig: NextConfig = {
  // Loaded from node_modules at run time: PGlite ships WebAssembly files, the Matrix SDK its crypto.
  serverExternalPackages: ["@electric-sql/pglite", "pg", "matrix-js-sdk", "pino", "oidc-provider"],
  poweredByHeader: false,
};

export default withNextIntl(nextConfig);
