import { gzipSync } from "node:zlib";

/**
 * A minimal ustar writer: regular files and directories, owned by root, one fixed mtime, so the same bundle is
 * the same bytes. Sixty lines instead of a dependency: the format is fixed (POSIX.1-1988) and OpenWrt's busybox
 * `tar` reads it.
 */
export type TarEntry = { path: string; mode: number; content?: string };

const block = 512;
/** 2000-01-01T00:00:00Z: fixed rather than "now", for reproducible archives. */
const fixedMtime = 946_684_800;

function octal(value: number, width: number): string {
  return `${value.toString(8).padStart(width - 1, "0")}\0`;
}

function header(entry: TarEntry, size: number): Buffer {
  const buffer = Buffer.alloc(block);
  const name = Buffer.from(entry.path, "utf8");
  // Our names are short ASCII paths; ustar's prefix field is not needed, so a long name is refused, not split.
  if (name.length > 100 || !/^[A-Za-z0-9._/-]+$/.test(entry.path)) throw new Error(`tar: unusable name ${entry.path}`);
  const directory = entry.content === undefined;
  name.copy(buffer, 0);
  buffer.write(octal(entry.mode, 8), 100, "ascii");
  buffer.write(octal(0, 8), 108, "ascii");
  buffer.write(octal(0, 8), 116, "ascii");
  buffer.write(octal(size, 12), 124, "ascii");
  buffer.write(octal(fixedMtime, 12), 136, "ascii");
  buffer.write(" ".repeat(8), 148, "ascii");
  buffer.write(directory ? "5" : "0", 156, "ascii");
  buffer.write("ustar\0" + "00", 257, "ascii");
  buffer.write("root", 265, "ascii");
  buffer.write("root", 297, "ascii");
  let sum = 0;
  for (const byte of buffer) sum += byte;
  buffer.write(`${sum.toString(8).padStart(6, "0")}\0 `, 148, "ascii");
  return buffer;
}

/** The tar stream: each entry's header and content padded to 512 bytes, two empty blocks, padded to 10 KiB. */
export function tarArchive(entries: TarEntry[]): Buffer {
  const parts: Buffer[] = [];
  for (const entry of entries) {
    const content = Buffer.from(entry.content ?? "", "utf8");
    parts.push(header(entry, content.length), content, Buffer.alloc((block - (content.length % block)) % block));
  }
  parts.push(Buffer.alloc(2 * block));
  const body = Buffer.concat(parts);
  const record = 20 * block;
  return Buffer.concat([body, Buffer.alloc((record - (body.length % record)) % record)]);
}

/** gzip writes no name and a zero mtime for a buffer, so the archive's bytes depend on its entries only. */
export function tarGz(entries: TarEntry[]): Buffer {
  return gzipSync(tarArchive(entries), { level: 9 });
}
