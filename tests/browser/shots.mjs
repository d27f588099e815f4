// Screenshots of a chachong report page at 1280 pixels wide, for a person to
// look at: the first screen, then each named section from its top.
// Usage: node shots.mjs REPORT_DIR/index.html OUT_PREFIX [SECTION_ID...]
// writes OUT_PREFIX-first.png and OUT_PREFIX-<id>.png.
import { chromium } from "playwright-core";
import { pathToFileURL } from "node:url";

const [page_path, prefix, ...ids] = process.argv.slice(2);
const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM || "/usr/bin/chromium",
  args: ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
         "--disable-background-networking", "--disable-component-update", "--disable-sync"],
});
const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
await page.goto(pathToFileURL(page_path).href, { waitUntil: "load" });
await page.screenshot({ path: `${prefix}-first.png` });
for (const id of ids) {
  const [sel, name] = id.includes("=") ? id.split("=") : [`#${id}`, id];
  const found = await page.$(sel);
  if (!found) { console.error(`no ${sel}`); continue; }
  await found.scrollIntoViewIfNeeded();
  await page.evaluate((s) => {
    const el = document.querySelector(s);
    window.scrollTo(0, el.getBoundingClientRect().top + window.scrollY - 50);
  }, sel);
  await page.screenshot({ path: `${prefix}-${name}.png` });
}
await browser.close();
