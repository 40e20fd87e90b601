// Browser benchmark of the phone's store: the real app (the server binary at
// JINGUO_SERVER_BIN, `serve --demo` on a fresh database), real localStorage,
// Debian's headless Chromium at phone size. Prints a table of figures with the
// targets of issue 4 beside them. A benchmark, not a test: it exits 0 whether
// or not a target is met (a missed one says MISSED), and non-zero only if it
// could not measure.
//
//   (cd tests && JINGUO_SERVER_BIN=../target/server/server node bench/storage.mjs)
//
// The app notes its own timings on <html> (frontend/src/timing.rs):
// data-timing-open, -save, -history, -totals, in milliseconds. This script adds
// what the person waits for, measured inside the page with performance.now():
// from the tap to the screen being drawn.
//
// Entry records are made by `shared/examples/device_records.rs` in the exact
// storage layout (JINGUO_DEVICE_RECORDS_BIN, else `cargo run --release`),
// written into localStorage while the app is offline, and the device record
// is set as if they had all been synced; then the page is reloaded.
import { join } from 'node:path';
import { startServer, freshDataDir } from '../e2e/support/server.mjs';
import { deviceRecords } from './records.mjs';
import { launchBrowser, phoneContext, openSignedIn, addEntry, waitReady, waitForServiceWorker } from '../e2e/support/browser.mjs';

const USER = 'hewan';
const NS = `jg:u:${USER}`;
/** 河湾社区妇联, hewan's organisation (`shared::fixtures::DEMO_HEWAN`). */
const ORG = '01900000-0000-7000-8000-000000000010';
const STORED = 10_000;
const YEAR_ENTRIES = 3_000;
const SAVES = 5;
/** Times each judged history figure is measured (the median is shown). */
const REPEATS = 5;
/** `shared::device::STORAGE_BUDGET_UNITS`. */
const BUDGET_UNITS = 5_000_000;
/** No DOM change for this long after the last one: the screen is drawn. */
const QUIET_MS = 700;

/**
 * Runs in every page before the app: notes when the app is ready, when a
 * measured action starts (the save button, the history tab, a filter) and
 * when the DOM last changed after it, all in performance.now() time.
 */
function instrument() {
  const b = (window.__bench = {
    readyAt: null, startAt: null, lastChangeAt: null, firstRowAt: null,
    submitAt: null, homeAt: null, homeFrameAt: null,
  });
  const start = () => {
    b.startAt = performance.now();
    b.lastChangeAt = null;
    b.firstRowAt = null;
  };
  document.addEventListener('click', (ev) => {
    const t = ev.target instanceof Element ? ev.target : null;
    if (t?.closest('#entry-form button[type=submit]')) {
      b.submitAt = performance.now();
      b.homeAt = null;
      b.homeFrameAt = null;
    }
    if (t?.closest('#tab-history')) start();
  }, true);
  document.addEventListener('input', (ev) => { if (ev.target?.id === 'search') start(); }, true);
  document.addEventListener('change', (ev) => { if (ev.target?.id?.startsWith('filter-')) start(); }, true);
  new MutationObserver(() => {
    const now = performance.now();
    if (b.readyAt === null && document.documentElement?.dataset.app === 'ready') b.readyAt = now;
    if (b.startAt !== null) {
      b.lastChangeAt = now;
      if (b.firstRowAt === null && document.querySelector('#entry-list li.entry')) b.firstRowAt = now;
    }
    if (b.submitAt !== null && b.homeAt === null && document.querySelector('#record-activity')) {
      b.homeAt = now;
      requestAnimationFrame(() => { b.homeFrameAt = performance.now(); });
    }
  }).observe(document, { childList: true, subtree: true, characterData: true, attributes: true, attributeFilter: ['data-app'] });
}

/** The app's own timing `name` (ms), from <html data-timing-name>. */
async function appTiming(page, name) {
  const v = await page.getAttribute('html', `data-timing-${name}`);
  if (v === null) throw new Error(`the app noted no data-timing-${name}`);
  return Number(v);
}

/**
 * Writes `records` into localStorage and sets the device record as after a
 * sync of all of them (keeping the device id), then reloads and waits for the
 * app. Returns the load figures.
 */
async function seedAndReload(page, records, count) {
  const stored = await page.evaluate(({ records, ns, count }) => {
    const meta = JSON.parse(localStorage.getItem(`${ns}:meta`));
    if (!meta || meta.next_seq !== 1) throw new Error(`unexpected device record: ${JSON.stringify(meta)}`);
    // Only the seeded entries: not the demo's, pulled at sign-in.
    for (const k of Object.keys(localStorage).filter((k) => k.startsWith(`${ns}:e:`))) localStorage.removeItem(k);
    for (const [k, v] of Object.entries(records)) localStorage.setItem(k, v);
    Object.assign(meta, { next_seq: count + 1, acked_seq: count, sent_through: count });
    localStorage.setItem(`${ns}:meta`, JSON.stringify(meta));
    return Object.keys(localStorage).filter((k) => k.startsWith(`${ns}:e:`)).length;
  }, { records, ns: NS, count });
  if (stored !== count) throw new Error(`seeded ${stored} entry records, wanted ${count}`);
  const t0 = performance.now();
  await page.reload({ waitUntil: 'commit' });
  await waitReady(page);
  const wall = performance.now() - t0;
  await page.waitForFunction(() => window.__bench.readyAt !== null);
  return {
    open: await appTiming(page, 'open'),
    readyInPage: await page.evaluate(() => window.__bench.readyAt),
    wall,
    listed: await page.$$eval('li.entry', (lis) => lis.length),
  };
}

/** A cheap phone: the CPU slowed down this many times (DevTools protocol). */
const CHEAP_PHONE_SLOWDOWN = 4;

/**
 * Reload -> ready with the store as it is, the CPU throttled
 * CHEAP_PHONE_SLOWDOWN times through the DevTools protocol (as Lighthouse's
 * mobile profile does), `times` times; the figures of each run.
 */
async function throttledReloads(page, times) {
  const cdp = await page.context().newCDPSession(page);
  await cdp.send('Emulation.setCPUThrottlingRate', { rate: CHEAP_PHONE_SLOWDOWN });
  try {
    const runs = [];
    for (let i = 0; i < times; i++) {
      const t0 = performance.now();
      await page.reload({ waitUntil: 'commit' });
      await waitReady(page);
      const wall = performance.now() - t0;
      await page.waitForFunction(() => window.__bench.readyAt !== null);
      runs.push({ readyInPage: await page.evaluate(() => window.__bench.readyAt), wall });
    }
    return runs;
  } finally {
    await cdp.send('Emulation.setCPUThrottlingRate', { rate: 1 });
    await cdp.detach();
  }
}

/** Waits until the DOM has been quiet after the measured action; its figures. */
async function settled(page, timingName) {
  await page.waitForFunction((quiet) => {
    const b = window.__bench;
    return b.startAt !== null && b.lastChangeAt !== null && performance.now() - b.lastChangeAt > quiet;
  }, QUIET_MS, { timeout: 60_000, polling: 50 });
  const b = await page.evaluate(() => window.__bench);
  return {
    query: await appTiming(page, timingName),
    drawn: b.lastChangeAt - b.startAt,
    firstRow: b.firstRowAt === null ? null : b.firstRowAt - b.startAt,
    rows: await page.$$eval('#entry-list li.entry', (lis) => lis.length),
    count: Number((await page.textContent('#history-count'))?.trim()),
  };
}

/** Entry records of the account and the whole origin's use, in UTF-16 units and UTF-8 bytes. */
async function storageUse(page) {
  return page.evaluate((prefix) => {
    const enc = new TextEncoder();
    let n = 0; let units = 0; let bytes = 0; let total = 0;
    for (let i = 0; i < localStorage.length; i++) {
      const k = localStorage.key(i);
      const v = localStorage.getItem(k) ?? '';
      total += k.length + v.length;
      if (k.startsWith(prefix)) {
        n += 1;
        units += k.length + v.length;
        bytes += enc.encode(k).length + enc.encode(v).length;
      }
    }
    return { n, units, bytes, total };
  }, `${NS}:e:`);
}

const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  const m = Math.floor(s.length / 2);
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
};

/**
 * A signed-in, offline page of a fresh phone, served by its service worker,
 * and how long a reload takes with its store still empty (the baseline).
 */
async function offlinePhone(browser, url) {
  const context = await phoneContext(browser);
  await context.addInitScript(instrument);
  const page = await openSignedIn(context, url, USER);
  await waitForServiceWorker(page);
  await context.setOffline(true);
  await page.reload({ waitUntil: 'commit' });
  await waitReady(page);
  await page.waitForFunction(() => window.__bench.readyAt !== null);
  const emptyReady = await page.evaluate(() => window.__bench.readyAt);
  return { context, page, emptyReady };
}

/** Back to the home screen, drawn and quiet. */
async function goHome(page) {
  await page.click('#tab-home');
  await page.waitForSelector('#record-activity');
  await page.waitForTimeout(QUIET_MS);
}

/** Runs `measure` `times` times; the median of each figure, and every run. */
async function repeated(times, measure) {
  const runs = [];
  for (let i = 0; i < times; i++) runs.push(await measure(i));
  const pick = (k) => median(runs.map((r) => r[k]));
  return { ...runs[0], query: pick('query'), drawn: pick('drawn'), runs };
}

/** 10,000 entries stored: open, save, totals, the whole history, storage. */
async function tenThousand(browser, url) {
  const records = deviceRecords(['--ns', NS, '--count', String(STORED), '--until', 'today', '--org', ORG]);
  const { context, page, emptyReady } = await offlinePhone(browser, url);
  try {
    const load = await seedAndReload(page, records, STORED);
    load.emptyReady = emptyReady;
    load.cheap = await throttledReloads(page, REPEATS);
    const saves = [];
    for (let i = 0; i < SAVES; i++) {
      await addEntry(page, { title: `基准测试宣讲${i + 1}`, kind: 'lecture', participants: String(40 + i) });
      await page.waitForFunction(() => window.__bench.homeFrameAt !== null);
      const b = await page.evaluate(() => window.__bench);
      saves.push({ save: await appTiming(page, 'save'), wall: b.homeFrameAt - b.submitAt });
    }
    const totalsMs = await appTiming(page, 'totals');
    const storage = await storageUse(page);
    await page.click('#tab-history');
    const all = await settled(page, 'history');
    const lastYear = await repeated(REPEATS, async (i) => {
      if (i > 0) {
        await page.selectOption('#filter-period', 'all');
        await settled(page, 'history');
      }
      await page.selectOption('#filter-period', 'last_year');
      return settled(page, 'history');
    });
    return { load, saves, totalsMs, storage, all, lastYear };
  } finally {
    await context.close();
  }
}

/** A year of 3,000 entries stored: opening its history, and a search in it. */
async function oneYear(browser, url) {
  const year = new Date().getFullYear() - 1;
  const records = deviceRecords(['--ns', NS, '--count', String(YEAR_ENTRIES), '--year', String(year), '--org', ORG]);
  const { context, page } = await offlinePhone(browser, url);
  try {
    const load = await seedAndReload(page, records, YEAR_ENTRIES);
    const open = await repeated(REPEATS, async (i) => {
      if (i > 0) await goHome(page);
      await page.click('#tab-history');
      return settled(page, 'history');
    });
    await page.fill('#search', '普法');
    const search = await settled(page, 'history');
    // The report of that year, computed on the phone (offline): tally,
    // per-line and per-organisation sums, months, the silent organisations.
    await page.click('#tab-reports');
    await page.waitForSelector('#report-period');
    const report = [];
    for (let i = 0; i < REPEATS; i++) {
      await page.selectOption('#report-period', 'year');
      await page.waitForFunction((y) => !document.querySelector('#report-title')?.textContent.includes(`${y}-01-01`), year);
      await page.selectOption('#report-period', 'last_year');
      await page.waitForFunction((y) => document.querySelector('#report-title')?.textContent.includes(`${y}-01-01`), year);
      report.push(await appTiming(page, 'report'));
    }
    const reportRecords = (await page.textContent('#report-overview')).trim();
    return { year, load, open, search, report: median(report), reportRuns: report, reportRecords };
  } finally {
    await context.close();
  }
}

function printTable(title, lines) {
  const w = Math.max('figure'.length, ...lines.map((l) => l.figure.length));
  const m = Math.max('measured'.length, ...lines.map((l) => l.measured.length));
  console.log(title);
  console.log(`  ${'figure'.padEnd(w)}  ${'measured'.padStart(m)}  ${'target'.padEnd(12)} result`);
  console.log(`  ${'-'.repeat(w + m + 22)}`);
  for (const l of lines) {
    const result = l.target === undefined ? '' : l.met ? 'met' : 'MISSED';
    console.log(`  ${l.figure.padEnd(w)}  ${l.measured.padStart(m)}  ${(l.target ?? '-').padEnd(12)} ${result}`);
  }
}

const msText = (v) => `${v.toFixed(2)} ms`;
const info = (figure, measured) => ({ figure, measured });
const judged = (figure, value, limit, text, unit = 'ms') =>
  ({ figure, measured: text, target: `<= ${limit}${unit ? ` ${unit}` : ''}`, met: value <= limit });

async function main() {
  const server = await startServer({ db: join(freshDataDir(), 'ledger.sqlite3'), args: ['--demo'] });
  const browser = await launchBrowser();
  let big; let year; let version;
  try {
    version = browser.version();
    big = await tenThousand(browser, server.url);
    year = await oneYear(browser, server.url);
  } finally {
    await browser.close();
    await server.stop();
  }

  const n = big.storage.n;
  const saveMs = median(big.saves.map((s) => s.save));
  const saveWall = median(big.saves.map((s) => s.wall));
  const perUnits = big.storage.units / n;
  const cheapReady = median(big.load.cheap.map((r) => r.readyInPage));
  const lines = [
    info(`open the store, ${STORED} entries (app: data-timing-open)`, msText(big.load.open)),
    info('reload -> app ready, empty store (in page, baseline)', msText(big.load.emptyReady)),
    info(`reload -> app ready, ${STORED} entries (in page)`, msText(big.load.readyInPage)),
    info('reload -> app ready, wall clock from node', msText(big.load.wall)),
    judged(`reload -> app ready, ${STORED} entries, CPU ${CHEAP_PHONE_SLOWDOWN}x slower (a cheap phone; in page, median of ${REPEATS})`,
      cheapReady, 1500, msText(cheapReady)),
    judged(`save one entry, ${STORED} stored (app: data-timing-save, median of ${SAVES})`, saveMs, 5, msText(saveMs)),
    info('save: tap -> home screen drawn (next frame, median)', msText(saveWall)),
    info(`year's totals on the home screen, ${n} entries (app)`, msText(big.totalsMs)),
    judged(`history of a year, ${year.open.count} entries: query (app: data-timing-history, median of ${REPEATS})`, year.open.query, 100, msText(year.open.query)),
    judged(`history of a year: tap -> list drawn (${year.open.rows} rows drawn; median)`, year.open.drawn, 100, msText(year.open.drawn)),
    info(`history of a year, search (${year.search.count} found): query (app)`, msText(year.search.query)),
    info('history of a year, search: typed -> list drawn', msText(year.search.drawn)),
    judged(`history, last year picked out of ${n} (${big.lastYear.count}): query (app, median)`, big.lastYear.query, 100, msText(big.lastYear.query)),
    judged('history, last year picked: change -> list drawn (median)', big.lastYear.drawn, 100, msText(big.lastYear.drawn)),
    info(`history, all ${big.all.count} entries: query (app)`, msText(big.all.query)),
    judged(`report of a year on the phone, ${YEAR_ENTRIES} entries (app: data-timing-report, median of ${REPEATS})`, year.report, 100, msText(year.report)),
    info('history, all: tap -> list drawn', msText(big.all.drawn)),
    judged(`storage per entry, UTF-16 code units (the quota's unit; ${n} entries)`, perUnits, 400, `${perUnits.toFixed(1)} units`, ''),
    info('storage per entry, UTF-8 bytes', `${(big.storage.bytes / n).toFixed(1)} bytes`),
    info("storage per entry, bytes of Chromium's quota (2 per unit)", `${(2 * perUnits).toFixed(1)} bytes`),
    judged(`localStorage used with ${n} entries, UTF-16 units (budget)`, big.storage.total, BUDGET_UNITS, String(big.storage.total), ''),
  ];
  printTable(`Browser: the real app in headless Chromium ${version}, 390x844, offline, localStorage`, lines);
  console.log('');
  console.log(`  saves, each (app ms / tap -> home ms): ${big.saves.map((s) => `${s.save.toFixed(2)}/${s.wall.toFixed(1)}`).join(', ')}`);
  const each = (r) => r.runs.map((x) => `${x.query.toFixed(1)}/${x.drawn.toFixed(1)}`).join(', ');
  console.log(`  reload -> ready at ${CHEAP_PHONE_SLOWDOWN}x CPU, each (in page ms / wall ms): ${big.load.cheap.map((r) => `${r.readyInPage.toFixed(0)}/${r.wall.toFixed(0)}`).join(', ')}`);
  console.log(`  history of a year, each (query ms / tap -> drawn ms): ${each(year.open)}`);
  console.log(`  report of a year on the phone, each (ms): ${year.reportRuns.map((x) => x.toFixed(1)).join(', ')} (${year.reportRecords})`);
  console.log(`  last year picked, each (query ms / change -> drawn ms): ${each(big.lastYear)}`);
  console.log(`  ${YEAR_ENTRIES} entries dated ${year.year}; ${STORED} entries over ${(STORED / 3000).toFixed(1)} years up to today, 3,000 a year.`);
  console.log(`  "drawn" = last DOM change after the tap (nothing changed for ${QUIET_MS} ms after it); the history draws`);
  console.log('  its first 200 entries and offers "show more". "query" = the app\'s own timing (copying the rows, filtering,');
  console.log('  sorting, grouping by month).');
}

main().catch((e) => {
  console.error(`bench/storage: ${e.stack ?? e}`);
  process.exit(1);
});
