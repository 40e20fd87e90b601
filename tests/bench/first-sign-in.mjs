// Browser benchmark of a first sign-in on a deployment with history: 40,000
// entries of 河湾社区妇联 over ten years (pushed through the API), then the
// cadre signs in on a fresh phone (the real app in headless Chromium at
// phone size, through a proxy that counts the bytes on the wire). Prints
// the time from the sign-in tap to the first screen showing this year's
// totals, to the end of the first sync, the bytes pulled, and the storage
// used; and, for comparison, what a pull without the window (as app builds
// before it made) would move. A benchmark, not a test: it exits 0 whatever
// the figures.
//
//   (cd tests && JINGUO_SERVER_BIN=../target/server/server node bench/first-sign-in.mjs)
//
// Entries are made by `shared/examples/device_records.rs --wire`
// (JINGUO_DEVICE_RECORDS_BIN, else `cargo run --release`).
import { join } from 'node:path';
import { startServer, freshDataDir, apiLogin } from '../e2e/support/server.mjs';
import { startFaultProxy } from '../e2e/support/fault-proxy.mjs';
import { launchBrowser, phoneContext, openApp } from '../e2e/support/browser.mjs';
import { seedEntries, storageUse } from '../e2e/support/seed.mjs';

const COUNT = Number(process.env.JINGUO_FIRST_SIGN_IN_ENTRIES ?? 40_000);

const server = await startServer({ db: join(freshDataDir(), 'ledger.sqlite3'), args: ['--demo'] });
const proxy = await startFaultProxy(server.url);
const browser = await launchBrowser();
try {
  const seeded = Date.now();
  await seedEntries(server.url, { count: COUNT, perYear: COUNT / 10 });
  const seedTook = Date.now() - seeded;

  // Before the window: every page of her scope, by change number.
  const token = await apiLogin(server.url, 'hewan');
  let after = 0;
  let oldBytes = 0;
  let oldEntries = 0;
  for (;;) {
    const res = await fetch(`${server.url}/api/v1/sync/pull?after=${after}&limit=500`, { headers: { authorization: `Bearer ${token}` } });
    const text = await res.text();
    oldBytes += Buffer.byteLength(text);
    const page = JSON.parse(text);
    oldEntries += page.entries.length;
    if (!page.more) break;
    after = page.upto;
  }

  const context = await phoneContext(browser);
  const page = await context.newPage();
  await openApp(page, proxy.url);
  for (const k of Object.keys(proxy.bytes)) delete proxy.bytes[k];
  await page.fill('#username', 'hewan');
  await page.fill('#password', 'jinguo2026');
  const started = Date.now();
  await page.click('#login-form button[type=submit]');
  // The first screen: this year's totals counted from the first page.
  await page.waitForFunction(() => Number((document.querySelector('#totals-year .totals-number')?.textContent ?? '0').replace(/[^0-9]/g, '')) > 0,
    null, { timeout: 300_000, polling: 50 });
  const firstScreen = Date.now() - started;
  await page.waitForFunction(() => document.querySelector('#sync-now')?.getAttribute('aria-busy') === 'false'
    && document.querySelector('#last-sync') && !document.querySelector('#last-sync').textContent.includes('尚未'),
  null, { timeout: 600_000, polling: 100 });
  const synced = Date.now() - started;
  const pull = proxy.bytes['/api/v1/sync/pull'] ?? { requests: 0, up: 0, down: 0 };
  const entries = await storageUse(page, 'jg:u:hewan:e:');
  const all = await storageUse(page);
  const rows = [
    ['entries on the server in her scope', `${oldEntries} (seeded ${COUNT} in ${(seedTook / 1000).toFixed(0)} s)`],
    ['time, sign-in tap -> first screen (this year\'s totals)', `${(firstScreen / 1000).toFixed(2)} s`],
    ['time, sign-in tap -> first sync done', `${(synced / 1000).toFixed(2)} s`],
    ['pull requests / bytes on the wire (compressed)', `${pull.requests} / ${(pull.down / 1e6).toFixed(2)} MB`],
    ['entries kept on the phone (keys)', `${entries.keys}`],
    ['storage: entries / all of localStorage (UTF-16 units)', `${entries.units} / ${all.units} (${(all.units / 50_000).toFixed(0)} % of the 5,000,000 budget)`],
    ['before the window: a full pull (uncompressed) / entries', `${(oldBytes / 1e6).toFixed(2)} MB / ${oldEntries}`],
    ['before: storage those entries need at this size each', `${Math.round(entries.units / entries.keys * oldEntries)} units (${(entries.units / entries.keys * oldEntries / 50_000).toFixed(0)} % of the budget)`],
  ];
  console.log(`First sign-in with ${COUNT} entries in scope (browser, real server, SQLite)`);
  for (const [k, v] of rows) console.log(`  ${k.padEnd(56)} ${v}`);
} finally {
  await browser.close();
  await proxy.close();
  await server.stop();
}
