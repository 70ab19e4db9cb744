import { describe, expect, it } from "vitest";
import { changeSentence } from "./use-change-announcement";

type Row = { id: string; state: string };
const spec = {
  key: (row: Row) => row.id,
  state: (row: Row) => row.state,
  one: (row: Row) => `${row.id} is ${row.state}.`,
  several: (count: number) => `${count} changed.`,
};
const before = new Map([
  ["a", "pending"],
  ["b", "up"],
]);

describe("changeSentence", () => {
  it("names the one row that changed state", () => {
    expect(
      changeSentence(
        before,
        [
          { id: "a", state: "verified" },
          { id: "b", state: "up" },
        ],
        spec,
      ),
    ).toBe("a is verified.");
  });

  it("counts several changes instead of reading them all", () => {
    expect(
      changeSentence(
        before,
        [
          { id: "a", state: "verified" },
          { id: "b", state: "down" },
        ],
        spec,
      ),
    ).toBe("2 changed.");
  });

  it("says nothing for unchanged rows or rows that were not there before", () => {
    expect(
      changeSentence(
        before,
        [
          { id: "a", state: "pending" },
          { id: "c", state: "down" },
        ],
        spec,
      ),
    ).toBeNull();
  });
});
