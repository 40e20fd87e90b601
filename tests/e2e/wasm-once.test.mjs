// A first visit fetches the wasm over the network once, in Chromium and in
// WebKit, on a slow link: not again for a <link rel=preload> the app's fetch
// does not use (WebKit never matches an `as="fetch"` preload), and not again
// for the service worker's install (it takes the page's copy). A proxy that
// trickles every answer plays the slow link and counts what crosses it.
// The cached copy then starts the app with no network.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { join, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { startServer, freshDataDir } from './support/server.mjs';
import { startSlowLink } from './support/slow-link.mjs';
import { launchBrowser, phoneContext, waitReady, waitForServiceWorker } from './support/browser.mjs';
import { startWebKit } from './support/webkit.mjs';

// 100 KB/s: the wasm (about 400 KB as served) takes seconds, long enough for
// a second fetch to start while the first is still on its way.
const BYTES_PER_SECOND = 100_000;
const isWasm = (r) => r.path.endsWith('/frontend_bg.wasm');
// The office's chunk(s): not part of the app's start, precached once by the
// service worker's install.
const isChunk = (r) => /\/split_[^/]*\.wasm$/.test(r.path);
// The built frontend as update.test.mjs serves it (another build can be
// pointed at, e.g. to see an older one fail).
const DIST = process.env.JINGUO_DIST_DIR ?? join(dirname(fileURLToPath(import.meta.url)), '..', '..', 'frontend', 'dist');

let server;
before(async () => {
  server = await startServer({ db: join(freshDataDir(), 'ledger.sqlite3'), args: ['--demo', '--static-dir', DIST] });
});
after(async () => { await server?.stop(); });

test('Chromium: a first visit fetches the wasm once', { timeout: 90_000 }, async () => {
  const link = await startSlowLink(server.url, { bytesPerSecond: BYTES_PER_SECOND });
  const browser = await launchBrowser();
  try {
    const context = await phoneContext(browser);
    const page = await context.newPage();
    await page.goto(link.url);
    await waitReady(page);
    await waitForServiceWorker(page);
    const wasm = link.requests.filter(isWasm);
    assert.equal(wasm.length, 1, `wasm fetched ${wasm.length} times: ${link.requests.map((r) => r.path).join(', ')}`);
    assert.ok(await page.evaluate((p) => caches.match(p).then((r) => !!r), wasm[0].path), 'the wasm is in the cache');
    const chunks = link.requests.filter(isChunk);
    assert.equal(chunks.length, 1, `chunks fetched: ${chunks.map((r) => r.path).join(', ')}`);
    assert.ok(await page.evaluate((p) => caches.match(p).then((r) => !!r), chunks[0].path), 'the chunk is in the cache');

    await context.setOffline(true);
    await page.reload();
    await waitReady(page);
    assert.equal(link.requests.filter(isWasm).length, 1);
    assert.equal(link.requests.filter(isChunk).length, 1);
  } finally {
    await browser.close();
    await link.close();
  }
});

test('WebKit: a first visit fetches the wasm once', { timeout: 120_000 }, async () => {
  const link = await startSlowLink(server.url, { bytesPerSecond: BYTES_PER_SECOND });
  const webkit = await startWebKit();
  try {
    await webkit.goto(link.url);
    await webkit.waitFor('return document.documentElement.dataset.app === "ready"', 'the app to start', 60_000);
    await webkit.waitFor('return !!(navigator.serviceWorker && navigator.serviceWorker.controller)', 'the service worker');
    const wasm = link.requests.filter(isWasm);
    assert.equal(wasm.length, 1, `wasm fetched ${wasm.length} times: ${link.requests.map((r) => r.path).join(', ')}`);
    const cached = await webkit.evaluate(`return caches.match(${JSON.stringify(wasm[0].path)}).then((r) => !!r)`);
    assert.ok(cached, 'the wasm is in the cache');
    assert.equal(link.requests.filter(isChunk).length, 1, 'the chunk crosses once, for the install');
  } finally {
    await webkit.close();
    await link.close();
  }
});
