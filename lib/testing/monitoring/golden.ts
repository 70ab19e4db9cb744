import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { expect } from "vitest";

const testdata = path.join(import.meta.dirname, "testdata");

/** Compares with `testdata/<name>`; `UPDATE_GOLDEN=1` rewrites the file instead (review the diff). */
export function expectGolden(name: string, actual: string): void {
  expectGoldenIn(testdata, name, actual);
}

/** `expectGolden` for another test-support folder's `testdata`. */
export function expectGoldenIn(folder: string, name: string, actual: string): void {
  const file = path.join(folder, name);
  if (process.env.UPDATE_GOLDEN === "1") {
    mkdirSync(path.dirname(file), { recursive: true });
    writeFileSync(file, actual);
    return;
  }
  expect(actual, `golden file ${name} (UPDATE_GOLDEN=1 regenerates it)`).toBe(readFileSync(file, "utf8"));
}
