// An entry says what happened to it: only on this phone until a request
// carries it (and, after a failed attempt, that it failed and when), sending
// while a request is on its way, received with the server's receipt number.
// Never "sent" for a request that could not leave the phone.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { startServer, freshDataDir } from './support/server.mjs';
import { startFaultProxy } from './support/fault-proxy.mjs';
import {
  launchBrowser, phoneContext, openApp, signIn, waitReady, waitForServiceWorker, addEntry,
  listedEntries, waitAllReceived, waitSettled, screenshot,
} from './support/browser.mjs';

const PUSH = '/api/v1/sync/push';
let browser;
before(async () => { browser = await launchBrowser(); });
after(async () => { await browser?.close(); });

/** The badge and the line under it of the one entry recorded on this phone. */
async function shown(page) {
  return page.$eval('li.entry[data-origin="device"]', (li) => ({
    status: li.dataset.status,
    badge: li.querySelector('.badge').textContent.trim(),
    attempt: li.querySelector('.entry-attempt')?.textContent.trim() ?? null,
  }));
}

test('only on this phone after a failed attempt, sending while a request carries it, then received', { timeout: 90_000 }, async () => {
  const server = await startServer({ db: join(freshDataDir(), 'ledger.sqlite3'), args: ['--demo'] });
  const proxy = await startFaultProxy(server.url);
  const context = await phoneContext(browser);
  const page = await context.newPage();
  try {
    await openApp(page, proxy.url);
    await signIn(page, 'hewan');
    await waitForServiceWorker(page);

    // Offline: recorded, then 立即同步 — the request cannot leave the phone.
    await context.setOffline(true);
    await addEntry(page, { title: '二组宣讲（状态）', kind: 'lecture', participants: '30' });
    await waitSettled(page);
    assert.deepEqual(await shown(page), { status: 'on_device', badge: '仅在本机', attempt: null });
    await page.click('#sync-now');
    await page.waitForSelector('#sync-error', { timeout: 10_000 });
    await waitSettled(page);
    let now = await shown(page);
    assert.equal(now.status, 'on_device', 'a request that could not leave is not "sent"');
    assert.equal(now.badge, '仅在本机');
    assert.match(now.attempt ?? '', /^上次发送未成功（今天 \d\d:\d\d）$/);
    await screenshot(page, 'entry-state-failed-attempt');

    // A reload while offline changes nothing: the failed attempt is remembered.
    await page.reload();
    await waitReady(page);
    await waitSettled(page);
    now = await shown(page);
    assert.equal(now.status, 'on_device');
    assert.match(now.attempt ?? '', /^上次发送未成功/);

    // Back online, the server holds the push: sending, while it is on its way.
    const release = proxy.hold(PUSH);
    await context.setOffline(false);
    await page.waitForSelector('li.entry[data-origin="device"][data-status="sending"]', { timeout: 10_000 });
    now = await shown(page);
    assert.deepEqual(now, { status: 'sending', badge: '发送中', attempt: null });
    assert.ok(proxy.log.some((r) => r.path.startsWith(PUSH) && r.held), 'a push is on its way');
    await screenshot(page, 'entry-state-sending');

    // The answer comes: received, with the server's receipt number.
    release();
    await waitAllReceived(page);
    now = await shown(page);
    assert.match(now.badge, /^已送达 #\d+$/);
    assert.equal(now.attempt, null);
    const [entry] = await listedEntries(page);
    assert.equal(entry.status, 'received');
    await screenshot(page, 'entry-state-received');
  } finally {
    await context.close();
    await proxy.close();
    await server.stop();
  }
});
