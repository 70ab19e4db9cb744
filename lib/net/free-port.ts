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

/**
 * `count` distinct ports, held open together until all are known: ports found one after the other can repeat
 * (the kernel hands a just-released port out again), and two services of one stack would then share a port, the
 * second failing to bind while its health check is answered by the first.
 */
export async function findFreePorts(count: number): Promise<number[]> {
  const servers = Array.from({ length: count }, () => createServer());
  try {
    return await Promise.all(
      servers.map(
        (server) =>
          new Promise<number>((resolve, reject) => {
            server.once("error", reject);
            server.listen(0, "127.0.0.1", () => {
              const address = server.address();
              if (typeof address === "object" && address) resolve(address.port);
              else reject(new Error("no port"));
            });
          }),
      ),
    );
  } finally {
    await Promise.all(servers.map((server) => new Promise((resolve) => server.close(resolve))));
  }
}
