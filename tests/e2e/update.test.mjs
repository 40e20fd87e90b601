// A new build replaces the cached one cleanly: the new service worker takes
// over, the old build's cache is deleted, and the page then runs only the new
// build's files (never old JS with new wasm).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { cpSync, readFileSync, writeFileSync, readdirSync, rmSync, renameSync } from 'node:fs';
import { join, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { startServer, freshDataDir } from './support/server.mjs';
import { launchBrowser, phoneContext, openApp, signIn, waitReady, waitForServiceWorker } from './support/browser.mjs';

const DIST = process.env.JINGUO_DIST_DIR ?? join(dirname(fileURLToPath(import.meta.url)), '..', '..', 'frontend', 'dist');

/** A copy of the built frontend under another build hash, as the next release would be. */
function nextBuild(oldBuild) {
  const dir = join(freshDataDir(), 'dist');
  cpSync(DIST, dir, { recursive: true });
  const newBuild = (oldBuild[0] === 'f' ? 'e' : 'f') + oldBuild.slice(1);
  renameSync(join(dir, 'assets', oldBuild), join(dir, 'assets', newBuild));
  // Precompressed copies would still hold the old text: drop them all.
  const walk = (d) => readdirSync(d, { withFileTypes: true }).forEach((f) => {
    const p = join(d, f.name);
    if (f.isDirectory()) walk(p);
    else if (/\.(br|gz)$/.test(f.name)) rmSync(p);
  });
  walk(dir);
  for (const name of ['index.html', 'sw.js']) {
    const p = join(dir, name);
    writeFileSync(p, readFileSync(p, 'utf8').replaceAll(oldBuild, newBuild));
  }
  return { dir, build: newBuild };
}

/** Polls `check` (async) until it is true, for at most `ms`. */
async function waitFor(check, what, ms = 20_000) {
  const end = Date.now() + ms;
  while (!(await check())) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 200));
  }
}

let browser;
before(async () => { browser = await launchBrowser(); });
after(async () => { await browser?.close(); });

test('a new build replaces the cached one and its cache', { timeout: 90_000 }, async () => {
  const db = join(freshDataDir(), 'ledger.sqlite3');
  let server = await startServer({ db, args: ['--demo', '--static-dir', DIST] });
  const context = await phoneContext(browser);
  const page = await context.newPage();
  try {
    await openApp(page, server.url);
    await signIn(page, 'hewan');
    await waitForServiceWorker(page);
    const oldBuild = readFileSync(join(DIST, 'index.html'), 'utf8').match(/\/assets\/([0-9a-f]+)\//)[1];
    assert.deepEqual(await page.evaluate(() => caches.keys()), [`jinguo-${oldBuild}`]);

    // With the server stopped but the browser online, the cached app still opens.
    await server.stop();
    await page.reload();
    await waitReady(page);

    // The next release is deployed.
    const next = nextBuild(oldBuild);
    server = await startServer({ db, port: server.port, args: ['--demo', '--static-dir', next.dir] });
    await page.reload(); // still the old build (cache first); the browser fetches the new sw.js
    await waitReady(page);
    await waitFor(async () => {
      const keys = await page.evaluate(() => caches.keys());
      return keys.length === 1 && keys[0] === `jinguo-${next.build}`;
    }, 'the new build\'s cache to be the only one');

    await page.reload();
    await waitReady(page);
    const scripts = await page.evaluate(() => performance.getEntriesByType('resource')
      .map((r) => new URL(r.name).pathname).filter((p) => p.startsWith('/assets/')));
    assert.ok(scripts.length >= 2, `assets loaded: ${scripts}`);
    for (const p of scripts) assert.ok(p.startsWith(`/assets/${next.build}/`), `${p} is of the new build`);
    const html = await page.evaluate(() => document.documentElement.outerHTML);
    assert.ok(!html.includes(oldBuild), 'no reference to the old build is left');
  } finally {
    await context.close();
    await server.stop();
  }
});
