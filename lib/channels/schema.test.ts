import { describe, expect, it } from "vitest";
import { matrixIdSchema } from "./schema";

describe("matrixIdSchema", () => {
  it.each(["@alice:example.org", "  @bob.x_y=z-1/2+3:matrix.neutrinet.be ", "@a:127.0.0.1:8448", "@a:[::1]:8008"])(
    "accepts %s",
    (value) => {
      expect(matrixIdSchema.safeParse(value).success).toBe(true);
    },
  );

  it("trims what the member typed", () => {
    expect(matrixIdSchema.parse(" @alice:example.org ")).toBe("@alice:example.org");
  });

  it.each(["alice:example.org", "@alice", "@:example.org", "@Alice:example.org", "@al ice:example.org", "@a:exa_mple.org", "#room:example.org", `@${"a".repeat(250)}:example.org`])(
    "refuses %s with matrix_id_invalid",
    (value) => {
      const result = matrixIdSchema.safeParse(value);
      expect(result.success).toBe(false);
      expect(result.error?.issues.map((issue) => issue.message)).toContain("matrix_id_invalid");
    },
  );
});
