// Lighthouse for many runs in one process: one Chromium, started once, and one run per line read from stdin.
// Each line is {"url": ..., "preset": "mobile" | "desktop", "output": "report.json"}; each run writes its JSON
// report to "output" and answers one line on stdout: {"ok": true} or {"error": "..."}. Starting Node, Lighthouse
// and Chromium takes about as long as a run, so the judges (tests/test_judges.py) pay for it once.
// The Chromium comes from CHROME_PATH, with CHROME_FLAGS (tests/chromium.py); it ends when stdin closes.
import readline from "node:readline";
import { writeFile } from "node:fs/promises";
import * as chromeLauncher from "chrome-launcher";
import lighthouse, { desktopConfig } from "lighthouse";

const flags = (process.env.CHROME_FLAGS || "--headless=new").split(" ").filter(Boolean);
const chrome = await chromeLauncher.launch({ chromePath: process.env.CHROME_PATH, chromeFlags: flags });
const lines = readline.createInterface({ input: process.stdin });
for await (const line of lines) {
  if (!line.trim()) continue;
  const { url, preset, output } = JSON.parse(line);
  try {
    const flags = {
      port: chrome.port,
      output: "json",
      logLevel: "error",
      disableFullPageScreenshot: true, // a picture for the HTML report, which the judges do not write
      onlyCategories: ["performance", "accessibility", "best-practices", "seo"],
    };
    const result = await lighthouse(url, flags, preset === "desktop" ? desktopConfig : undefined);
    await writeFile(output, result.report);
    process.stdout.write(JSON.stringify({ ok: true }) + "\n");
  } catch (error) {
    process.stdout.write(JSON.stringify({ error: String((error && error.stack) || error) }) + "\n");
  }
}
await chrome.kill();
