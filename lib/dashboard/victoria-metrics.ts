import { z } from "zod";
import { env } from "@/lib/env";

/** VictoriaMetrics could not answer (down, slow, refused the query): the dashboard falls back to the database. */
export class MetricsUnavailableError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = "MetricsUnavailableError";
  }
}

// Prometheus encodes sample values as strings so that NaN and ±Inf survive JSON.
const sampleValue = z.string().transform(Number);
const sample = z.tuple([z.number(), sampleValue]);
const labels = z.record(z.string(), z.string());

const vectorResponse = z.object({
  status: z.literal("success"),
  data: z.object({ resultType: z.literal("vector"), result: z.array(z.object({ metric: labels, value: sample })) }),
});
const matrixResponse = z.object({
  status: z.literal("success"),
  data: z.object({
    resultType: z.literal("matrix"),
    result: z.array(z.object({ metric: labels, values: z.array(sample) })),
  }),
});

export type InstantSeries = { labels: Record<string, string>; value: number };
export type RangeSeries = { labels: Record<string, string>; points: { time: number; value: number }[] };
export type RangeWindow = { start: Date; end: Date; stepSeconds: number };

export type MetricsClient = {
  queryInstant(query: string, time?: Date): Promise<InstantSeries[]>;
  queryRange(query: string, window: RangeWindow): Promise<RangeSeries[]>;
};

export type MetricsClientOptions = {
  url: string;
  /** A dashboard must not hang on a slow metrics server: past this the page shows database states only. */
  timeoutMs?: number;
  fetch?: typeof fetch;
  /** A tier behind basic auth (vmauth's read user): sent on every query, never put in an error or a log line. */
  basicAuth?: { username: string; password: string };
};

/** A read-only client of the Prometheus-compatible query API (`/api/v1/query`, `/api/v1/query_range`). */
export function createMetricsClient(options: MetricsClientOptions): MetricsClient {
  const doFetch = options.fetch ?? fetch;
  const timeoutMs = options.timeoutMs ?? 5_000;
  const headers: Record<string, string> = { "content-type": "application/x-www-form-urlencoded" };
  if (options.basicAuth) {
    const { username, password } = options.basicAuth;
    headers.authorization = `Basic ${Buffer.from(`${username}:${password}`).toString("base64")}`;
  }

  async function post(apiPath: string, form: Record<string, string>): Promise<unknown> {
    const url = new URL(apiPath.slice(1), options.url.endsWith("/") ? options.url : `${options.url}/`);
    let response: Response;
    try {
      // POST with a form body: a member with hundreds of targets must not hit URL length limits.
      response = await doFetch(url, {
        method: "POST",
        headers,
        body: new URLSearchParams(form),
        signal: AbortSignal.timeout(timeoutMs),
      });
    } catch (error) {
      throw new MetricsUnavailableError(`metrics: ${error instanceof Error ? error.message : String(error)}`, {
        cause: error,
      });
    }
    // Only the status: vmauth's refusals echo the Basic credential in their body.
    if (!response.ok) throw new MetricsUnavailableError(`metrics: HTTP ${response.status} on ${apiPath}`);
    try {
      return await response.json();
    } catch (error) {
      throw new MetricsUnavailableError(`metrics: invalid JSON from ${apiPath}`, { cause: error });
    }
  }

  function parse<T>(schema: z.ZodType<T>, body: unknown, apiPath: string): T {
    const parsed = schema.safeParse(body);
    if (!parsed.success)
      throw new MetricsUnavailableError(`metrics: unexpected answer from ${apiPath}`, { cause: parsed.error });
    return parsed.data;
  }

  return {
    async queryInstant(query, time) {
      const form: Record<string, string> = { query };
      if (time) form.time = String(time.getTime() / 1000);
      const body = parse(vectorResponse, await post("/api/v1/query", form), "/api/v1/query");
      return body.data.result.map((series) => ({ labels: series.metric, value: series.value[1] }));
    },
    async queryRange(query, window) {
      const form = {
        query,
        start: String(window.start.getTime() / 1000),
        end: String(window.end.getTime() / 1000),
        step: `${window.stepSeconds}s`,
      };
      const body = parse(matrixResponse, await post("/api/v1/query_range", form), "/api/v1/query_range");
      return body.data.result.map((series) => ({
        labels: series.metric,
        points: series.values.map(([time, value]) => ({ time, value })),
      }));
    },
  };
}

/** The configured VictoriaMetrics, or none: the dashboard then shows database states only. */
export function metricsClientFromEnv(): MetricsClient | undefined {
  const url = env().VICTORIA_METRICS_URL;
  return url ? createMetricsClient({ url }) : undefined;
}
