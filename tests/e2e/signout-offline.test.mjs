// 退出 without a network asks first, saying how many changes wait (she
// cannot sign in again until there is a network); with one, it does not ask.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { startServer, freshDataDir } from './support/server.mjs';
import {
  launchBrowser, phoneContext, openSignedIn, waitReady, waitForServiceWorker, addEntry, waitSettled,
  screenshot,
} from './support/browser.mjs';

let browser;
before(async () => { browser = await launchBrowser(); });
after(async () => { await browser?.close(); });

test('signing out offline is confirmed, with the number of waiting changes', { timeout: 90_000 }, async () => {
  const server = await startServer({ db: join(freshDataDir(), 'ledger.sqlite3'), args: ['--demo'] });
  const context = await phoneContext(browser);
  try {
    const page = await openSignedIn(context, server.url, 'hewan');
    await waitForServiceWorker(page);
    await context.setOffline(true);
    await page.reload();
    await waitReady(page);
    await addEntry(page, { title: '离线退出前的记录', kind: 'lecture' });
    await waitSettled(page);

    await page.click('#signout');
    await page.waitForSelector('#signout-confirm', { timeout: 5_000 });
    assert.match(await page.textContent('#signout-question'), /本机还有 1 条改动等待发送/);
    await screenshot(page, 'signout-offline-confirm');
    await page.click('#signout-no');
    assert.ok(await page.isVisible('#signout'), 'still signed in');
    assert.equal(await page.$('#signout-confirm'), null);

    await page.click('#signout');
    await page.click('#signout-yes');
    await page.waitForSelector('#login-form', { timeout: 5_000 });
  } finally {
    await context.close();
    await server.stop();
  }
});
