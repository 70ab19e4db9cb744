import type { RemoteWriteSeries } from "@/lib/testing/monitoring/remote-write";

/**
 * Reads a remote-write body as a real sender makes it (telegraf's serializer uses real snappy compression, with
 * back-references), to compare a captured request with what the tests send. Snappy block format and the
 * protobuf wire format, for `prometheus.WriteRequest`'s series, labels and samples; other fields are skipped.
 */
export function decodeRemoteWriteBody(body: Buffer): RemoteWriteSeries[] {
  return decodeWriteRequest(snappyDecode(body));
}

class Reader {
  offset = 0;
  constructor(readonly bytes: Buffer) {}
  get done() {
    return this.offset >= this.bytes.length;
  }
  byte(): number {
    if (this.done) throw new Error("truncated input");
    return this.bytes[this.offset++]!;
  }
  varint(): number {
    let value = 0;
    for (let scale = 1; ; scale *= 128) {
      const byte = this.byte();
      value += (byte & 0x7f) * scale;
      if (byte < 0x80) return value;
    }
  }
  take(length: number): Buffer {
    if (this.offset + length > this.bytes.length) throw new Error("truncated input");
    const slice = this.bytes.subarray(this.offset, this.offset + length);
    this.offset += length;
    return slice;
  }
  littleEndian(width: number): number {
    let value = 0;
    for (let i = 0; i < width; i += 1) value += this.byte() * 256 ** i;
    return value;
  }
}

export function snappyDecode(input: Buffer): Buffer {
  const reader = new Reader(input);
  const output = Buffer.alloc(reader.varint());
  let at = 0;
  while (!reader.done) {
    const tag = reader.byte();
    const kind = tag & 3;
    if (kind === 0) {
      const short = tag >> 2;
      const length = (short < 60 ? short : reader.littleEndian(short - 59)) + 1;
      at += reader.take(length).copy(output, at);
      continue;
    }
    const [length, offset] =
      kind === 1
        ? [4 + ((tag >> 2) & 7), ((tag >> 5) << 8) | reader.byte()]
        : [1 + (tag >> 2), reader.littleEndian(kind === 2 ? 2 : 4)];
    if (offset === 0 || offset > at) throw new Error("snappy: bad copy offset");
    // Byte by byte: a copy may overlap what it is writing.
    for (let i = 0; i < length; i += 1, at += 1) output[at] = output[at - offset]!;
  }
  if (at !== output.length) throw new Error("snappy: length mismatch");
  return output;
}

/** Calls `onField(number, wireType, reader)` per field; the callback must consume the field's value. */
function fields(bytes: Buffer, onField: (field: number, wire: number, reader: Reader) => boolean): void {
  const reader = new Reader(bytes);
  while (!reader.done) {
    const key = reader.varint();
    const [field, wire] = [Math.floor(key / 8), key % 8];
    if (onField(field, wire, reader)) continue;
    if (wire === 0) reader.varint();
    else if (wire === 1) reader.take(8);
    else if (wire === 2) reader.take(reader.varint());
    else if (wire === 5) reader.take(4);
    else throw new Error(`protobuf: unsupported wire type ${wire}`);
  }
}

function decodeWriteRequest(bytes: Buffer): RemoteWriteSeries[] {
  const series: RemoteWriteSeries[] = [];
  fields(bytes, (field, wire, reader) => {
    if (field !== 1 || wire !== 2) return false;
    series.push(decodeTimeSeries(reader.take(reader.varint())));
    return true;
  });
  return series;
}

function decodeTimeSeries(bytes: Buffer): RemoteWriteSeries {
  const one: RemoteWriteSeries = { labels: {}, samples: [] };
  fields(bytes, (field, wire, reader) => {
    if (wire !== 2 || (field !== 1 && field !== 2)) return false;
    const inner = reader.take(reader.varint());
    if (field === 1) {
      const label = { name: "", value: "" };
      fields(inner, (f, w, r) => {
        if (w !== 2 || (f !== 1 && f !== 2)) return false;
        label[f === 1 ? "name" : "value"] = r.take(r.varint()).toString("utf8");
        return true;
      });
      one.labels[label.name] = label.value;
    } else {
      // proto3 leaves out fields at their default: a 0 value (no station on an access point) is not on the wire.
      const sample = { value: 0, timestampMs: 0 };
      fields(inner, (f, w, r) => {
        if (f === 1 && w === 1) sample.value = r.take(8).readDoubleLE(0);
        else if (f === 2 && w === 0) sample.timestampMs = r.varint();
        else return false;
        return true;
      });
      one.samples.push(sample);
    }
    return true;
  });
  return one;
}
