/**
 * A Prometheus remote-write request body as telegraf's `prometheusremotewrite` serializer sends it: a protobuf
 * `WriteRequest` compressed with snappy. No protobuf or snappy package is in the tree, and the format is small:
 * protobuf is encoded by hand, and snappy as literal-only blocks (valid snappy that any decoder reads; it just
 * does not shrink the data).
 */
export type RemoteWriteSeries = { labels: Record<string, string>; samples: { value: number; timestampMs: number }[] };

function varint(value: number): number[] {
  const bytes: number[] = [];
  let rest = value;
  while (rest >= 0x80) {
    bytes.push((rest % 0x80) | 0x80);
    rest = Math.floor(rest / 0x80);
  }
  bytes.push(rest);
  return bytes;
}

/** Field with wire type 2 (length-delimited). */
function lengthDelimited(field: number, payload: Buffer): Buffer {
  return Buffer.concat([Buffer.from([(field << 3) | 2, ...varint(payload.length)]), payload]);
}

function label(name: string, value: string): Buffer {
  return Buffer.concat([lengthDelimited(1, Buffer.from(name)), lengthDelimited(2, Buffer.from(value))]);
}

function sample(value: number, timestampMs: number): Buffer {
  const double = Buffer.alloc(8);
  double.writeDoubleLE(value);
  // field 1: double (wire type 1, fixed64); field 2: int64 timestamp (wire type 0, varint).
  return Buffer.concat([Buffer.from([(1 << 3) | 1]), double, Buffer.from([(2 << 3) | 0, ...varint(timestampMs)])]);
}

/** prometheus.WriteRequest { repeated TimeSeries timeseries = 1 }, TimeSeries { labels = 1; samples = 2 }. */
export function encodeWriteRequest(series: RemoteWriteSeries[]): Buffer {
  return Buffer.concat(
    series.map((one) => {
      const names = Object.keys(one.labels).sort();
      const parts = [
        ...names.map((name) => lengthDelimited(1, label(name, one.labels[name]!))),
        ...one.samples.map((s) => lengthDelimited(2, sample(s.value, s.timestampMs))),
      ];
      return lengthDelimited(1, Buffer.concat(parts));
    }),
  );
}

/** Snappy block format: uncompressed length as varint, then literal elements of at most 65,536 bytes. */
export function snappyLiteral(data: Buffer): Buffer {
  const chunks: Buffer[] = [Buffer.from(varint(data.length))];
  for (let offset = 0; offset < data.length; offset += 65_536) {
    const chunk = data.subarray(offset, offset + 65_536);
    const n = chunk.length - 1;
    // Tag: literal (low bits 00); lengths < 60 fit in the tag, longer ones follow in 1 or 2 little-endian bytes.
    const tag = n < 60 ? [n << 2] : n < 256 ? [60 << 2, n] : [61 << 2, n & 0xff, n >> 8];
    chunks.push(Buffer.from(tag), chunk);
  }
  return Buffer.concat(chunks);
}

/** Headers telegraf's outputs.http sends with `data_format = "prometheusremotewrite"`. */
export const remoteWriteHeaders = {
  "Content-Type": "application/x-protobuf",
  "Content-Encoding": "snappy",
  "X-Prometheus-Remote-Write-Version": "0.1.0",
};

export function remoteWriteBody(series: RemoteWriteSeries[]): Buffer {
  return snappyLiteral(encodeWriteRequest(series));
}
