import type { Page } from "@playwright/test";

/**
 * Adds a style sheet to the page as it is now. Through the CSS object model, which the pages' Content-Security-Policy
 * (`style-src 'self'`, no inline style) leaves open, where Playwright's addStyleTag would be refused. Its rules are
 * outside every layer, so they win over the app's layered ones, as an unlayered rule of app/globals.css would.
 */
export async function addCss(page: Page, css: string) {
  await page.evaluate((text) => {
    const sheet = new CSSStyleSheet();
    sheet.replaceSync(text);
    document.adoptedStyleSheets = [...document.adoptedStyleSheets, sheet];
  }, css);
}
