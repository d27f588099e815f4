// Renders SVG files to PNG in headless chromium, each at its own size, to
// look at charts. Usage: node shoot_svg.mjs OUT_DIR a.svg b.svg ...
import { chromium } from "playwright-core";
import { pathToFileURL } from "node:url";
import { basename, join } from "node:path";

const [out, ...files] = process.argv.slice(2);
const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM || "/usr/bin/chromium",
  args: ["--no-sandbox", "--disable-gpu", "--no-first-run"],
});
const page = await browser.newPage({ viewport: { width: 800, height: 600 } });
for (const f of files) {
  await page.goto(pathToFileURL(f).href, { waitUntil: "load" });
  const size = await page.evaluate(() => {
    const s = document.documentElement;
    return { w: Math.ceil(s.width.baseVal.value), h: Math.ceil(s.height.baseVal.value) };
  });
  await page.setViewportSize({ width: Math.min(size.w, 2400), height: Math.min(size.h, 3000) });
  await page.screenshot({ path: join(out, basename(f).replace(/\.svg$/, ".png")) });
}
await browser.close();
