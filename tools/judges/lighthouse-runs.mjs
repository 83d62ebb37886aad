// Lighthouse for many runs in one process: one Chromium, started once, and one run per line read from stdin.
// Each line is {"url": ..., "preset": "mobile" | "desktop", "output": "report.json"}; each run writes its JSON
// report to "output" and answers one line on stdout: {"ok": true} or {"error": "..."}. Starting Node, Lighthouse
// and Chromium takes about as long as a run, so the judges (tests/test_judges.py) pay for it once.
// The Chromium comes from CHROME_PATH, with CHROME_FLAGS (tests/chromium.py); it ends when stdin closes.
import readline from "node:readline";
import { writeFile } from "node:fs/promises";
import * as chromeLauncher from "chrome-launcher";
import lighthouse, { desktopConfig } from "lighthouse";

// A phone is emulated by slowing the CPU down by a factor that depends on the machine: Lighthouse's default (4x)
// is for a fast desktop, whose benchmark index is about 1,500; on a slower machine 4x emulates a slower phone
// than Lighthouse means. The factor follows Lighthouse's own calibration (docs/throttling.md, "CPU throttling":
// 800 → 2x, 1300 → 3x, 1533 → 4x) from the median of the benchmark indexes measured by the runs so far. A faster
// machine gets 4x too, Lighthouse's own setting for it, not more: Lighthouse's phone is not slower than that.
const benchmarks = [];

function cpuSlowdown() {
  if (!benchmarks.length) return 4;
  const sorted = [...benchmarks].sort((a, b) => a - b);
  const index = sorted[Math.floor(sorted.length / 2)];
  if (index >= 1533) return 4;
  if (index >= 1300) return 3 + (index - 1300) / 233;
  if (index >= 800) return 2 + (index - 800) / 500;
  return 1 + Math.max(index - 150, 0) / 650;
}

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
    // Lighthouse merges this into its phone settings (the network stays its slow 4G).
    if (preset !== "desktop") flags.throttling = { cpuSlowdownMultiplier: cpuSlowdown() };
    const result = await lighthouse(url, flags, preset === "desktop" ? desktopConfig : undefined);
    if (result.lhr.environment.benchmarkIndex) benchmarks.push(result.lhr.environment.benchmarkIndex);
    await writeFile(output, result.report);
    process.stdout.write(JSON.stringify({ ok: true }) + "\n");
  } catch (error) {
    process.stdout.write(JSON.stringify({ error: String((error && error.stack) || error) }) + "\n");
  }
}
await chrome.kill();
