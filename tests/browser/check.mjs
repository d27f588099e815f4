// Opens a chachong report page in Debian's headless chromium and prints what
// a reader would see, as JSON on stdout: console errors, highlighted marks,
// charts and their sizes; writes a screenshot of the first screen.
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
    charts: [...document.querySelectorAll("#charts img")].map((i) => ({
      src: i.getAttribute("src"),
      complete: i.complete,
      width: i.naturalWidth,
      height: i.naturalHeight,
      shown: visible(i),
    })),
    scripts: document.querySelectorAll("script").length,
  };
});
result.errors = errors;
result.external = requests.filter((u) => !u.startsWith("file:"));
console.log(JSON.stringify(result));
await browser.close();
