import { createServer } from "node:net";

/**
 * A port the kernel just handed out on loopback; another process could take it before we bind, rarely. The dev
 * stack, the benches and the throwaway vmauth that checks a rendered vmauth.yml all start on one.
 */
export function findFreePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const address = server.address();
      server.close(() =>
        typeof address === "object" && address ? resolve(address.port) : reject(new Error("no port")),
      );
    });
  });
}
