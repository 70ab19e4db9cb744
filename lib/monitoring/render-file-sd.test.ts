import { describe, expect, it } from "vitest";
import { emptySnapshot, sampleSnapshot } from "./fixtures";
import { expectGolden } from "./golden";
import { renderFileSd } from "./render-file-sd";

describe("renderFileSd", () => {
  it("renders one sorted file per kind", () => {
    const files = renderFileSd(sampleSnapshot);
    expect(Object.keys(files)).toEqual(["file_sd/brick.json"]);
    expectGolden("file_sd/brick.json", files["file_sd/brick.json"]!);
  });

  it("labels each probe with ids and its module only", () => {
    const groups = JSON.parse(renderFileSd(sampleSnapshot)["file_sd/brick.json"]!) as { targets: string[]; labels: object }[];
    expect(groups.map((g) => g.targets)).toEqual([["http://80.67.169.12:8080/"], ["https://alice.example.org/cloud"], ["https://bob.example.org/"]]);
    expect(groups[0]!.labels).toEqual({ member: "m_alice", target: "t_a1", kind: "brick", module: "http_2xx" });
  });

  it("renders an empty but valid file when there is nothing to probe", () => {
    expect(renderFileSd(emptySnapshot)).toEqual({ "file_sd/brick.json": "[]\n" });
  });
});
