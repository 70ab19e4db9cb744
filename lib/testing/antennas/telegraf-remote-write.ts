import type { RemoteWriteSeries } from "@/lib/testing/monitoring/remote-write";

/**
 * What telegraf's `prometheusremotewrite` serializer (v1.37.2, plugins/serializers/prometheusremotewrite) makes
 * of influx lines, for the subset our inputs produce (untyped, gauge and counter metrics with integer or float
 * fields): one series per field named `<measurement>_<field>`, the tags as labels (empty values dropped), the
 * metric's time in milliseconds. The body is then `remoteWriteBody(series)` (protobuf + snappy).
 */
export function influxToRemoteWrite(lines: string, timestampMs: number): RemoteWriteSeries[] {
  return lines
    .split("\n")
    .filter((line) => line.trim() !== "")
    .flatMap((line) => {
      const [head, fieldText] = splitUnescaped(line, " ");
      const [measurement, ...tagPairs] = splitUnescaped(head!, ",");
      const tags = Object.fromEntries(
        tagPairs.map((pair) => splitUnescaped(pair, "=").map(unescape) as [string, string]),
      );
      return splitUnescaped(fieldText!, ",").map((pair) => {
        const [field, raw] = splitUnescaped(pair, "=");
        const value = Number(raw!.replace(/[iu]$/, ""));
        if (!Number.isFinite(value)) throw new Error(`not a number field: ${pair}`);
        const labels: Record<string, string> = { __name__: sanitize(`${unescape(measurement!)}_${field}`) };
        for (const [name, tagValue] of Object.entries(tags)) if (tagValue !== "") labels[sanitize(name)] = tagValue;
        return { labels, samples: [{ value, timestampMs }] };
      });
    });
}

/** Splits at `separator` where it is not escaped with a backslash (influx line protocol). */
function splitUnescaped(text: string, separator: string): string[] {
  const parts: string[] = [];
  let current = "";
  for (let i = 0; i < text.length; i += 1) {
    if (text[i] === "\\" && i + 1 < text.length) {
      current += text[i]! + text[i + 1]!;
      i += 1;
    } else if (text[i] === separator) {
      parts.push(current);
      current = "";
    } else current += text[i];
  }
  return [...parts, current];
}

const unescape = (text: string) => text.replace(/\\([ ,=])/g, "$1");

/** Prometheus' legacy name rule, as telegraf's serializer applies it: other characters become `_`. */
function sanitize(name: string): string {
  const cleaned = name.replace(/^[^a-zA-Z_:]+/, "").replace(/[^a-zA-Z0-9_:]/g, "_");
  return cleaned.replace(/^_+|_+$/g, "");
}
