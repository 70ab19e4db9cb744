import type { NextConfig } from "next";
import createNextIntlPlugin from "next-intl/plugin";
import { securityHeaders } from "./lib/http/security-headers";

const withNextIntl = createNextIntlPlugin("./lib/i18n/request.ts");

const nextConfig: NextConfig = {
  // Loaded from node_modules at run time: PGlite ships WebAssembly files, the Matrix SDK its crypto.
  serverExternalPackages: ["@electric-sql/pglite", "pg", "matrix-js-sdk", "pino", "oidc-provider"],
  poweredByHeader: false,
  // The only paths proxy.ts skips (it would buffer their bodies): Alertmanager's posts. Machine-to-machine, over
  // loopback or the hub's network, so no HSTS; the rest of what every response carries.
  async headers() {
    const headers = securityHeaders({ pathname: "/api/alertmanager/", publicUrl: "http://localhost" });
    return [
      { source: "/api/alertmanager/:path*", headers: Object.entries(headers).map(([key, value]) => ({ key, value })) },
    ];
  },
};

export default withNextIntl(nextConfig);
