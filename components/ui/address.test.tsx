import { renderToStaticMarkup } from "react-dom/server";
import { describe, expect, it } from "vitest";
import { Address } from "./address";

describe("Address", () => {
  it("offers a line break after each separator, and only there", () => {
    expect(renderToStaticMarkup(<Address value="https://ma-brique.nohost.me/admin" />)).toBe(
      '<span class="address">https:<wbr/>/<wbr/>/<wbr/>ma-<wbr/>brique.<wbr/>nohost.<wbr/>me/<wbr/>admin</span>',
    );
  });

  it("leaves a word without separators whole", () => {
    expect(renderToStaticMarkup(<Address value="localhost" className="font-mono" />)).toBe(
      '<span class="address font-mono">localhost</span>',
    );
  });
});
