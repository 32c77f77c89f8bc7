// Lighthouse (npm `lighthouse`, pinned in package.json) on each address given, in one headless
// Chromium: prints a JSON object of {url: {scores, failed}} where `failed` names every audit of the
// accessibility, best-practices and SEO categories that did not score 1. Mobile form factor, as a
// reader's phone. Used by tests/test_page_checks.py; `NTTV_CHROMIUM` picks the browser.
import lighthouse from 'lighthouse';
import * as chromeLauncher from 'chrome-launcher';

const CATEGORIES = ['accessibility', 'best-practices', 'seo'];
const urls = process.argv.slice(2);
const chrome = await chromeLauncher.launch({
  chromePath: process.env.NTTV_CHROMIUM || '/usr/bin/chromium',
  chromeFlags: ['--headless=new', '--no-sandbox', '--disable-gpu', '--disable-background-networking',
                '--disable-component-update', '--disable-sync', '--no-first-run'],
});
const report = {};
try {
  for (const url of urls) {
    const { lhr } = await lighthouse(url, {
      port: chrome.port, output: 'json', logLevel: 'error', onlyCategories: CATEGORIES,
      // A static page on 127.0.0.1: short quiet windows and no full-page screenshot keep each run to seconds.
      pauseAfterFcpMs: 250, pauseAfterLoadMs: 250, networkQuietThresholdMs: 250, cpuQuietThresholdMs: 250,
      disableFullPageScreenshot: true, skipAboutBlank: true,
    });
    const failed = [];
    for (const id of CATEGORIES) {
      for (const ref of lhr.categories[id].auditRefs) {
        const audit = lhr.audits[ref.id];
        if (ref.weight > 0 && audit.score !== null && audit.score < 1) failed.push(`${id}: ${ref.id} (${audit.title})`);
      }
    }
    report[url] = {
      scores: Object.fromEntries(CATEGORIES.map((id) => [id, lhr.categories[id].score])),
      failed,
      errors: lhr.runtimeError ? [lhr.runtimeError.message] : [],
    };
  }
} finally {
  await chrome.kill();
}
process.stdout.write(JSON.stringify(report));
