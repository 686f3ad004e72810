// Lighthouse's mobile profile (its defaults: a mid-range phone's screen, simulated slow
// 4G, the CPU four times slower) on the release build, served as the production recipe
// serves it (bench/front.mjs in front of a development API): the sign-in page, the users
// page and the edit page, signed in. Prints the performance, accessibility and best
// practices scores and the page's load metrics; writes them to bench/lighthouse.json
// (BENCHMARKS.md, "Lighthouse"). Not part of the test command: scores move with the
// machine's load.
//
//   node bench/lighthouse.mjs [--dist dist] [--runs 3]
//
// Each page is measured --runs times in a fresh Chromium; the median run (by performance
// score) is reported.
import { spawn } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { setTimeout as sleep } from 'node:timers/promises';
import lighthouse from 'lighthouse';
import * as chromeLauncher from 'chrome-launcher';
import { chromium } from '@playwright/test';
import { startFront } from './front.mjs';

const argv = process.argv.slice(2);
const arg = (name, fallback) => {
  const i = argv.indexOf(`--${name}`);
  return i >= 0 && argv[i + 1] ? argv[i + 1] : fallback;
};
const dist = arg('dist', 'dist');
const runs = Number(arg('runs', '3'));
const apiPort = 8796;
const frontPort = 8797;
const origin = `http://127.0.0.1:${frontPort}`;

const api = spawn('target/debug/dev-api', ['--port', String(apiPort), '--write-limit', '0', '--users', '1200', '--dev-endpoints'], {
  stdio: ['ignore', 'ignore', 'inherit'],
});
const front = await startFront({ dir: dist, port: frontPort, apiPort });
for (let i = 0; ; i++) {
  try { await fetch(`${origin}/api`); break; } catch { if (i > 100) throw new Error('the development API did not start'); await sleep(100); }
}

/** A session as the app keeps it (src/auth/session.rs), "kept on this device". */
async function session() {
  const r = await fetch(`${origin}/api/token`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
    body: 'grant_type=password&username=admin%40example.com&password=Admin%232026',
  });
  if (!r.ok) throw new Error(`sign-in failed: ${r.status}`);
  const t = await r.json();
  return JSON.stringify({
    access_token: t.access_token, refresh_token: t.refresh_token,
    expires_at_ms: Date.now() + t.expires_in * 1000, lifetime_ms: t.expires_in * 1000,
    email: 'admin@example.com', persistent: true,
  });
}

const PAGES = [
  { name: 'sign-in', path: '/sign-in', signedIn: false },
  { name: 'users', path: '/users', signedIn: true },
  { name: 'edit', path: '/users/1001', signedIn: true },
];
const CATEGORIES = ['performance', 'accessibility', 'best-practices'];
const METRICS = ['first-contentful-paint', 'largest-contentful-paint', 'total-blocking-time', 'cumulative-layout-shift', 'speed-index', 'interactive'];

async function measure(page) {
  const chrome = await chromeLauncher.launch({
    chromePath: '/usr/bin/chromium',
    chromeFlags: ['--headless=new', '--no-sandbox', '--disable-gpu', '--disable-dev-shm-usage', '--disable-background-networking',
      '--disable-component-update', '--disable-sync', '--no-first-run', '--disable-quic'],
  });
  try {
    if (page.signedIn) {
      // Kept on this device: Lighthouse is told to leave storage alone.
      const browser = await chromium.connectOverCDP(`http://127.0.0.1:${chrome.port}`);
      const tab = await browser.contexts()[0].newPage();
      await tab.goto(`${origin}/config.json`);
      const kept = await session();
      await tab.evaluate((s) => localStorage.setItem('user-admin.session', s), kept);
      await tab.close();
      await browser.close();
    }
    const result = await lighthouse(`${origin}${page.path}`, {
      port: chrome.port,
      output: 'json',
      logLevel: 'error',
      onlyCategories: CATEGORIES,
      disableStorageReset: page.signedIn,
    });
    const lhr = result.lhr;
    return {
      scores: Object.fromEntries(CATEGORIES.map((c) => [c, Math.round((lhr.categories[c]?.score ?? NaN) * 100)])),
      metrics: Object.fromEntries(METRICS.map((m) => [m, lhr.audits[m]?.numericValue])),
      failing: Object.values(lhr.audits)
        .filter((a) => a.score !== null && a.score < 1 && a.scoreDisplayMode === 'binary')
        .map((a) => a.id),
    };
  } finally {
    await chrome.kill();
  }
}

const results = {};
try {
  for (const page of PAGES) {
    const all = [];
    for (let i = 0; i < runs; i++) all.push(await measure(page));
    all.sort((a, b) => a.scores.performance - b.scores.performance);
    const median = all[Math.floor(all.length / 2)];
    results[page.name] = { ...median, performanceRuns: all.map((r) => r.scores.performance) };
    const s = median.scores;
    const ms = (k) => Math.round(median.metrics[k]);
    console.log(`${page.name.padEnd(8)} performance ${s.performance} (runs ${results[page.name].performanceRuns.join(', ')}), ` +
      `accessibility ${s.accessibility}, best practices ${s['best-practices']}; FCP ${ms('first-contentful-paint')} ms, ` +
      `LCP ${ms('largest-contentful-paint')} ms, TBT ${ms('total-blocking-time')} ms, CLS ${median.metrics['cumulative-layout-shift']?.toFixed(3)}` +
      (median.failing.length ? `; failing: ${median.failing.join(', ')}` : ''));
  }
  writeFileSync('bench/lighthouse.json', JSON.stringify({ date: new Date().toISOString(), dist, runs, lighthouse: '12.2.3', results }, null, 2));
} finally {
  api.kill();
  front.close();
}
