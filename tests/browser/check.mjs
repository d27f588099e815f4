// Opens a chachong report page in Debian's headless chromium and prints what
// a reader would see, as JSON on stdout: console errors, every request
// beyond the page itself, highlighted marks, the sections in order, the
// headings, the inline charts and their drawn sizes; writes a screenshot of
// the first screen.
// Usage: node check.mjs REPORT_DIR/index.html SCREENSHOT.png
import { chromium } from "playwright-core";
import { pathToFileURL } from "node:url";

const [page_path, shot] = process.argv.slice(2);
const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM || "/usr/bin/chromium",
  args: ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
         "--disable-background-networking", "--disable-component-update", "--disable-sync"],
});
const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
const errors = [];
page.on("console", (m) => { if (m.type() === "error") errors.push(m.text()); });
page.on("pageerror", (e) => errors.push(String(e)));
page.on("requestfailed", (r) => errors.push("request failed: " + r.url()));
const requests = [];
page.on("request", (r) => requests.push(r.url()));
await page.goto(pathToFileURL(page_path).href, { waitUntil: "load" });
await page.screenshot({ path: shot });
const result = await page.evaluate(() => {
  const visible = (el) => {
    const r = el.getBoundingClientRect();
    const s = getComputedStyle(el);
    return r.width > 0 && r.height > 0 && s.visibility !== "hidden" && s.display !== "none";
  };
  return {
    title: document.title,
    marks: [...document.querySelectorAll("#passages mark")].filter(visible).map((m) => ({
      text: m.textContent,
      background: getComputedStyle(m).backgroundColor,
    })),
    sections: [...document.querySelectorAll("main > section")].map((s) => s.id),
    headings: [...document.querySelectorAll("h2, h3")].map((h) => h.textContent),
    charts: [...document.querySelectorAll("figure.chart")].map((f) => {
      const el = f.querySelector("svg, img");
      const r = el ? el.getBoundingClientRect() : { width: 0, height: 0 };
      return {
        id: f.id,
        tag: el ? el.tagName.toLowerCase() : null,
        width: Math.round(r.width),
        height: Math.round(r.height),
        texts: el ? el.querySelectorAll("text").length : 0,
        shown: el ? visible(el) : false,
      };
    }),
    images: document.querySelectorAll("img").length,
    wide: [...document.querySelectorAll("section")].filter((s) => s.scrollWidth > s.clientWidth + 2).map((s) => s.id),
    scripts: document.querySelectorAll("script").length,
  };
});
result.errors = errors;
// Anything but the page itself: a chart file next to it counts too, so a
// page copied alone must not need one.
result.external = requests.filter((u) => u !== pathToFileURL(page_path).href);
console.log(JSON.stringify(result));
await browser.close();
