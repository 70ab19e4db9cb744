import AxeBuilder from "@axe-core/playwright";
import { expect, type Page } from "@playwright/test";

/**
 * WCAG 2.1 A and AA as axe checks them, each problem with its elements: the violations, and the colour contrasts axe
 * could not decide ("incomplete": text over a background it could not resolve, or text the colour of its background,
 * which axe takes for hidden on purpose), measured here instead.
 */
export async function accessibilityProblems(page: Page): Promise<string[]> {
  const results = await new AxeBuilder({ page }).withTags(["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]).analyze();
  const violations = results.violations.map(
    (violation) => `${violation.id}: ${violation.nodes.map((node) => node.target.join(" ")).join(", ")}`,
  );
  // A target of one selector is in the page itself; longer ones reach into frames or shadow roots, which it has none of.
  const undecided = results.incomplete
    .filter((result) => result.id === "color-contrast")
    .flatMap((result) => result.nodes.map((node) => node.target.map(String)))
    .map((target) => (target.length === 1 ? target[0]! : target.join(" ")));
  return [...violations, ...(await lowContrasts(page, undecided))];
}

/** No problem on the page as it is now. */
export async function expectNoViolations(page: Page) {
  expect(await accessibilityProblems(page), page.url()).toEqual([]);
}

/**
 * The contrast of each element's text against the nearest opaque background behind it (walking up its ancestors,
 * blending the translucent ones on the way), by the WCAG formula: below 4.5:1, or 3:1 for large text (24px, or
 * 18.66px bold), is a problem. Colours are read through a canvas, which turns any CSS colour (oklch too) into sRGB.
 */
async function lowContrasts(page: Page, selectors: string[]): Promise<string[]> {
  if (selectors.length === 0) return [];
  return page.evaluate((selectors) => {
    const context = document.createElement("canvas").getContext("2d", { willReadFrequently: true })!;
    const rgba = (color: string): [number, number, number, number] => {
      context.clearRect(0, 0, 1, 1);
      context.fillStyle = "#000";
      context.fillStyle = color;
      context.fillRect(0, 0, 1, 1);
      const [r, g, b, a] = context.getImageData(0, 0, 1, 1).data;
      return [r!, g!, b!, a! / 255];
    };
    const over = (top: number[], bottom: number[]) =>
      top.slice(0, 3).map((c, i) => c * top[3]! + bottom[i]! * (1 - top[3]!));
    const luminance = (rgb: number[]) => {
      const [r, g, b] = rgb.map((c) => {
        const s = c / 255;
        return s <= 0.04045 ? s / 12.92 : ((s + 0.055) / 1.055) ** 2.4;
      });
      return 0.2126 * r! + 0.7152 * g! + 0.0722 * b!;
    };
    const problems: string[] = [];
    for (const selector of selectors) {
      const element = document.querySelector(selector);
      if (!element) continue;
      // The layers between the text and the first opaque background, nearest first; the page is white below all.
      const layers: number[][] = [];
      for (let node: Element | null = element; node; node = node.parentElement) {
        const layer = rgba(getComputedStyle(node).backgroundColor);
        if (layer[3] > 0) layers.push(layer);
        if (layer[3] >= 1) break;
      }
      const background = layers.reduceRight((below, layer) => over(layer, below), [255, 255, 255]);
      const style = getComputedStyle(element);
      const text = over(rgba(style.color), background);
      const [light, dark] = [luminance(text), luminance(background)].sort((a, b) => b - a);
      const ratio = (light! + 0.05) / (dark! + 0.05);
      const size = Number.parseFloat(style.fontSize);
      const large = size >= 24 || (size >= 18.66 && Number(style.fontWeight) >= 700);
      const needed = large ? 3 : 4.5;
      if (ratio < needed) {
        problems.push(`color-contrast (measured): ${selector} is ${ratio.toFixed(2)}:1, needs ${needed}:1`);
      }
    }
    return problems;
  }, selectors);
}
