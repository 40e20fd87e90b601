// The office's screens come in a wasm chunk of their own (issue 15): a
// cadre's first load does not fetch it until she opens one of them, the
// service worker precaches it so that the report opens offline afterwards,
// and a chunk that cannot be fetched is said on the page, with a retry.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { startServer, freshDataDir } from './support/server.mjs';
import {
  launchBrowser, phoneContext, openApp, signIn, waitReady, waitForServiceWorker, screenshot,
} from './support/browser.mjs';

const CHUNK = /\/assets\/[^/]+\/split_office\.wasm$/;

/** The office chunk's fetches the page has made (served by the worker or not). */
const chunkFetches = (page) => page.evaluate(() => performance.getEntriesByType('resource')
  .map((e) => new URL(e.name).pathname)
  .filter((p) => /\/split_office\.wasm$/.test(p)).length);

let browser;
let server;
before(async () => {
  browser = await launchBrowser();
  server = await startServer({ db: join(freshDataDir(), 'ledger.sqlite3'), args: ['--demo'] });
});
after(async () => {
  await browser?.close();
  await server?.stop();
});

test('a cadre\'s first load leaves the office chunk out; once precached the report opens offline', { timeout: 90_000 }, async () => {
  const context = await phoneContext(browser);
  const page = await context.newPage();
  const errors = [];
  page.on('pageerror', (e) => errors.push(String(e)));
  try {
    await openApp(page, server.url);
    await signIn(page, 'hewan');
    assert.ok(await page.isVisible('#record-activity'));
    assert.equal(await chunkFetches(page), 0, 'sign-in and home do not fetch the office chunk');

    // The worker's install (after the first screen) precaches it.
    await waitForServiceWorker(page);
    const cached = await page.evaluate(() => caches.keys()
      .then((keys) => Promise.all(keys.map((k) => caches.open(k).then((c) => c.keys()))))
      .then((lists) => lists.flat().map((r) => new URL(r.url).pathname)));
    assert.ok(cached.some((p) => CHUNK.test(p)), `the office chunk is precached: ${cached.join(', ')}`);

    // Offline, after a reload: the report still opens, from the cache.
    await context.setOffline(true);
    await page.reload();
    await waitReady(page);
    assert.equal(await chunkFetches(page), 0, 'a reload does not fetch the office chunk either');
    await page.click('#tab-reports');
    await page.waitForSelector('#report-period', { timeout: 15_000 });
    assert.equal(await chunkFetches(page), 1, 'opening the report fetched the chunk once');
    assert.ok(!(await page.isVisible('#office-load-failed')));
    await screenshot(page, 'office-chunk-offline-report');
    assert.deepEqual(errors, [], 'no uncaught errors in the page');
  } finally {
    await context.close();
  }
});

test('offline before the chunk was cached: the page says so, and a retry loads it', { timeout: 90_000 }, async () => {
  // No service worker: nothing is precached, as on a first visit whose
  // install has not finished.
  const context = await browser.newContext({
    viewport: { width: 390, height: 844 }, locale: 'zh-CN', isMobile: true, hasTouch: true, serviceWorkers: 'block',
  });
  const page = await context.newPage();
  const errors = [];
  page.on('pageerror', (e) => errors.push(String(e)));
  try {
    await openApp(page, server.url);
    await signIn(page, 'hewan');
    await page.route(CHUNK, (route) => route.abort('internetdisconnected'));
    await page.click('#tab-reports');
    await page.waitForSelector('#office-load-failed', { timeout: 15_000 });
    const said = await page.textContent('#office-load-failed');
    assert.match(said, /联网/);
    await screenshot(page, 'office-chunk-failed');

    await page.unroute(CHUNK);
    await page.click('#office-retry');
    await page.waitForSelector('#report-period', { timeout: 15_000 });
    assert.ok(!(await page.isVisible('#office-load-failed')));
    assert.deepEqual(errors, [], 'no uncaught errors in the page');
  } finally {
    await context.close();
  }
});
