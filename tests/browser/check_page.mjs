// Opens a `chachong check --html` page in Debian's headless chromium and
// prints what a reader would see, as JSON on stdout: console errors,
// requests, the marks of the draft text with their computed colours, the
// page's sections; writes a screenshot of the whole page.
// Usage: node check_page.mjs DIR/index.html SCREENSHOT.png
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
const dialogs = [];
page.on("dialog", async (d) => { dialogs.push(d.message()); await d.dismiss(); });
await page.goto(pathToFileURL(page_path).href, { waitUntil: "load" });
await page.screenshot({ path: shot, fullPage: true });
const result = await page.evaluate(() => {
  const visible = (el) => {
    const r = el.getBoundingClientRect();
    const s = getComputedStyle(el);
    return r.width > 0 && r.height > 0 && s.visibility !== "hidden" && s.display !== "none";
  };
  const marks = (cls) => [...document.querySelectorAll(`#text .doctext mark.${cls}`)]
    .filter(visible)
    .map((m) => ({
      text: m.textContent,
      classes: m.className,
      background: getComputedStyle(m).backgroundColor,
      decoration: getComputedStyle(m).textDecorationLine,
    }));
  return {
    title: document.title,
    lang: document.documentElement.lang,
    copy: marks("copy"),
    reworded: marks("reworded"),
    quote: marks("quote"),
    measures: [...document.querySelectorAll("#measures table tr")].map((tr) => tr.innerText),
    sections: ["measures", "text", "sections", "sources", "passages", "reworded"]
      .filter((id) => document.getElementById(id)),
    doctext: document.querySelector("#text .doctext")?.textContent ?? null,
    scripts: document.querySelectorAll("script").length,
    images: document.querySelectorAll("img").length,
  };
});
result.errors = errors;
result.dialogs = dialogs;
result.external = requests.filter((u) => u !== pathToFileURL(page_path).href);
console.log(JSON.stringify(result));
await browser.close();
