import { createServer } from "node:http";
import type { AddressInfo } from "node:net";

/** A stand-in for a member's brick on 127.0.0.1 whose health the test switches. */
export async function startBrickServer() {
  let healthy = true;
  const server = createServer((_request, response) => {
    response.statusCode = healthy ? 200 : 503;
    response.end(healthy ? "YunoHost" : "down");
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/`,
    setHealthy(value: boolean) {
      healthy = value;
    },
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
