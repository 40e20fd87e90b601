// The sync card states the network as it is: the browser's word and the fate
// of the last request together. "Online" with every request failing (a
// village's weak signal; here, the server gone) reads "no connection", never
// 在线 beside 网络不可用; the reports then count from the phone. The header's
// tagline does not read as "offline now".
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { startServer, freshDataDir } from './support/server.mjs';
import {
  launchBrowser, phoneContext, openApp, signIn, waitReady, waitForServiceWorker, waitSettled,
  textLines, screenshot,
} from './support/browser.mjs';

let browser;
before(async () => { browser = await launchBrowser(); });
after(async () => { await browser?.close(); });

/** What the sync card says about the network, and its error line. */
async function card(page) {
  return page.$eval('section.sync', (s) => ({
    net: s.querySelector('.net').textContent.trim(),
    error: s.querySelector('#sync-error')?.textContent.trim() ?? null,
  }));
}

test('the network state follows the last request, not only the browser', { timeout: 90_000 }, async () => {
  const db = join(freshDataDir(), 'ledger.sqlite3');
  let server = await startServer({ db, args: ['--demo'] });
  const context = await phoneContext(browser);
  const page = await context.newPage();
  try {
    await openApp(page, server.url);
    await signIn(page, 'hewan');
    await waitForServiceWorker(page);
    await waitSettled(page);
    assert.deepEqual(await card(page), { net: '在线', error: null });

    // The browser has a network, but no request gets through.
    await server.stop();
    await page.reload();
    await waitReady(page);
    await page.waitForSelector('#sync-error', { timeout: 10_000 });
    await waitSettled(page);
    const weak = await card(page);
    assert.equal(weak.error, '网络不可用，稍后自动重试');
    assert.equal(weak.net, '网络不通', 'not "在线" beside a network error');
    assert.equal(await textLines(page, 'section.sync .net'), 1, '网络不通 on one line');
    await screenshot(page, 'network-unreachable');

    // The reports count from the phone rather than fail.
    await page.click('#tab-reports');
    await page.waitForSelector('#report-local', { timeout: 10_000 });
    assert.ok(await page.isVisible('#report-title'));

    // The browser loses its network too: offline.
    await context.setOffline(true);
    await page.click('#tab-home');
    await page.waitForFunction(() => document.querySelector('section.sync .net')?.textContent.trim() === '离线', null, { timeout: 10_000 });

    // Network and server back: a request gets through, online again.
    server = await startServer({ db, port: server.port, args: ['--demo'] });
    await context.setOffline(false);
    await page.click('#sync-now');
    await waitSettled(page);
    await page.waitForFunction(() => document.querySelector('section.sync .net')?.textContent.trim() === '在线', null, { timeout: 10_000 });
    assert.equal((await card(page)).error, null);

    const tagline = (await page.textContent('.tagline')).trim();
    assert.ok(!tagline.includes('离线可用'), `the tagline does not read as "offline now": ${tagline}`);
  } finally {
    await context.close();
    await server.stop();
  }
});
