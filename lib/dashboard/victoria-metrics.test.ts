import { describe, expect, it } from "vitest";
import { createMetricsClient, MetricsUnavailableError } from "./victoria-metrics";

type Call = { url: string; body: URLSearchParams; headers: Headers };

function fakeFetch(answer: () => Response | Promise<Response>, calls: Call[] = []): typeof fetch {
  return (async (input: string | URL | Request, init?: RequestInit) => {
    calls.push({
      url: String(input),
      body: new URLSearchParams(String(init?.body)),
      headers: new Headers(init?.headers),
    });
    return answer();
  }) as typeof fetch;
}

const json = (body: unknown, status = 200) => new Response(JSON.stringify(body), { status });

describe("createMetricsClient", () => {
  it("posts an instant query and parses the vector", async () => {
    const calls: Call[] = [];
    const client = createMetricsClient({
      url: "http://vm.test:8428/",
      fetch: fakeFetch(
        () =>
          json({
            status: "success",
            data: { resultType: "vector", result: [{ metric: { target: "t_1" }, value: [1700000000, "0.75"] }] },
          }),
        calls,
      ),
    });
    expect(await client.queryInstant("up", new Date(1_700_000_000_000))).toEqual([
      { labels: { target: "t_1" }, value: 0.75 },
    ]);
    expect(calls[0]?.url).toBe("http://vm.test:8428/api/v1/query");
    expect(Object.fromEntries(calls[0]!.body)).toEqual({ query: "up", time: "1700000000" });
  });

  it("posts a range query with start, end and step and parses NaN", async () => {
    const calls: Call[] = [];
    const client = createMetricsClient({
      url: "http://vm.test:8428",
      fetch: fakeFetch(
        () =>
          json({
            status: "success",
            data: {
              resultType: "matrix",
              result: [
                {
                  metric: { target: "t_1" },
                  values: [
                    [10, "0.1"],
                    [20, "NaN"],
                  ],
                },
              ],
            },
          }),
        calls,
      ),
    });
    const series = await client.queryRange("q", { start: new Date(10_000), end: new Date(20_000), stepSeconds: 10 });
    expect(series[0]?.points[0]).toEqual({ time: 10, value: 0.1 });
    expect(series[0]?.points[1]?.value).toBeNaN();
    expect(calls[0]?.url).toBe("http://vm.test:8428/api/v1/query_range");
    expect(Object.fromEntries(calls[0]!.body)).toEqual({ query: "q", start: "10", end: "20", step: "10s" });
  });

  it("turns HTTP errors, malformed answers, network errors and timeouts into MetricsUnavailableError", async () => {
    const answers: (() => Response | Promise<Response>)[] = [
      () => json({ status: "error", error: "bad query" }, 422),
      () => json({ status: "success", data: { resultType: "matrix", result: [] } }),
      () => new Response("not json"),
      () => Promise.reject(new TypeError("fetch failed")),
      () => new Promise<Response>(() => {}),
    ];
    for (const answer of answers) {
      const client = createMetricsClient({ url: "http://vm.test", timeoutMs: 50, fetch: abortable(answer) });
      await expect(client.queryInstant("up")).rejects.toBeInstanceOf(MetricsUnavailableError);
    }
  });

  it("sends a tier's read credential as basic auth, and keeps it out of its errors", async () => {
    const calls: Call[] = [];
    const client = createMetricsClient({
      url: "http://vmauth.test:8427",
      basicAuth: { username: "reader-r_1", password: "s3cret-pass" },
      fetch: fakeFetch(
        () => new Response("Unauthorized: Basic cmVhZGVyLXJfMTpzM2NyZXQtcGFzcw==", { status: 401 }),
        calls,
      ),
    });
    const error = await client.queryInstant("up").catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(MetricsUnavailableError);
    expect(calls[0]!.headers.get("authorization")).toBe(
      `Basic ${Buffer.from("reader-r_1:s3cret-pass").toString("base64")}`,
    );
    expect(String((error as Error).message)).toBe("metrics: HTTP 401 on /api/v1/query");
    expect(JSON.stringify(error)).not.toContain("s3cret");
  });
});

/** Like fetch, a pending answer rejects when the request's signal aborts. */
function abortable(answer: () => Response | Promise<Response>): typeof fetch {
  return ((_input: string | URL | Request, init?: RequestInit) =>
    new Promise<Response>((resolve, reject) => {
      init?.signal?.addEventListener("abort", () => reject(init.signal?.reason));
      Promise.resolve().then(answer).then(resolve, reject);
    })) as typeof fetch;
}
