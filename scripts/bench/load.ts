import { Agent, request } from "node:http";

export type LoadOptions = {
  url: string;
  token: string;
  connections: number;
  warmupSeconds: number;
  seconds: number;
  /** The next post; `answered` runs once the server accepted it (the mix only then re-posts or resolves it). */
  nextPost: () => { body: string; answered?: () => void };
};

export type LoadResult = {
  connections: number;
  posts: number;
  postsPerSecond: number;
  p50Ms: number;
  p99Ms: number;
  maxMs: number;
  /** Non-2xx answers and failed requests, counted during the measured window only. */
  errors: number;
  firstError: string | null;
  /** Every post sent, warm-up and the first one included. */
  sentTotal: number;
};

/**
 * Closed-loop load: `connections` keep-alive sockets, each sending its next post as soon as the previous answer
 * is read, so the server sees exactly that many requests in flight. Posts during the warm-up are sent but not
 * counted (JIT, connection set-up, caches filling).
 */
export async function runLoad(options: LoadOptions): Promise<LoadResult> {
  const agent = new Agent({ keepAlive: true, maxSockets: options.connections, maxFreeSockets: options.connections });
  const target = new URL(options.url);
  // The server's first post loads the route's code: outside the clock, and a wrong set-up fails here, clearly.
  const first = options.nextPost();
  const primed = await postOnce(agent, target, options.token, first.body);
  if (primed !== null) {
    agent.destroy();
    throw new Error(`the server refused the first post: ${primed}`);
  }
  first.answered?.();
  const started = performance.now();
  const measureFrom = started + options.warmupSeconds * 1000;
  const stopAt = measureFrom + options.seconds * 1000;
  const latencies: number[] = [];
  let errors = 0;
  let firstError: string | null = null;
  let sentTotal = 1;

  const loop = async () => {
    while (performance.now() < stopAt) {
      const post = options.nextPost();
      const sent = performance.now();
      const outcome = await postOnce(agent, target, options.token, post.body);
      const done = performance.now();
      sentTotal += 1;
      if (outcome === null) post.answered?.();
      if (sent < measureFrom || done > stopAt) continue;
      latencies.push(done - sent);
      if (outcome !== null) {
        errors += 1;
        firstError ??= outcome;
      }
    }
  };
  try {
    await Promise.all(Array.from({ length: options.connections }, loop));
  } finally {
    agent.destroy();
  }

  latencies.sort((a, b) => a - b);
  const at = (q: number) => latencies[Math.min(latencies.length - 1, Math.floor(q * latencies.length))] ?? NaN;
  return {
    connections: options.connections,
    posts: latencies.length,
    postsPerSecond: latencies.length / options.seconds,
    p50Ms: at(0.5),
    p99Ms: at(0.99),
    maxMs: latencies.at(-1) ?? NaN,
    errors,
    firstError,
    sentTotal,
  };
}

/** Resolves null on a 2xx answer, otherwise a short description of what went wrong. */
function postOnce(agent: Agent, url: URL, token: string, body: string): Promise<string | null> {
  return new Promise((resolve) => {
    const req = request(
      url,
      {
        agent,
        method: "POST",
        headers: {
          "content-type": "application/json",
          "content-length": Buffer.byteLength(body),
          authorization: `Bearer ${token}`,
        },
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on("data", (chunk: Buffer) => chunks.push(chunk));
        res.on("end", () => {
          const status = res.statusCode ?? 0;
          resolve(
            status >= 200 && status < 300
              ? null
              : `HTTP ${status}: ${Buffer.concat(chunks).toString("utf8").slice(0, 200)}`,
          );
        });
        res.on("error", (error) => resolve(error.message));
      },
    );
    req.on("error", (error) => resolve(error.message));
    req.end(body);
  });
}
