// One sync at a time per account, also with the app open in two tabs: the
// tabs share the phone's storage, only one of them syncs at once, and what
// one tab saves shows in the other.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { startServer, freshDataDir, serverEntries, apiLogin } from './support/server.mjs';
import { startFaultProxy } from './support/fault-proxy.mjs';
import { launchBrowser, phoneContext, openApp, signIn, addEntry, waitReady } from './support/browser.mjs';

let browser;
before(async () => { browser = await launchBrowser(); });
after(async () => { await browser?.close(); });

test('two tabs of one phone: one sync at a time, and each sees the other\'s entries', { timeout: 120_000 }, async () => {
  const server = await startServer({ db: join(freshDataDir(), 'ledger.sqlite3'), args: ['--demo'] });
  const proxy = await startFaultProxy(server.url);
  const context = await phoneContext(browser);
  try {
    const a = await context.newPage();
    await openApp(a, proxy.url);
    await signIn(a, 'hewan');
    const b = await context.newPage();
    await openApp(b, proxy.url);
    await b.waitForSelector('#signout');

    // Offline, each tab records entries; each sees the other's.
    await context.setOffline(true);
    for (let i = 1; i <= 3; i++) {
      await addEntry(a, { title: `甲标签页记录${i}（测试）` });
      await addEntry(b, { title: `乙标签页记录${i}（测试）` });
    }
    for (const page of [a, b]) {
      await page.waitForFunction(() => document.querySelector('#pending-count')?.textContent.trim() === '6');
    }

    // Slow answers, both tabs asked to sync at once: the runs never overlap.
    proxy.setFaults({ prefix: '/api/v1/sync/', random: () => 0.5, delay: 1, delayMs: 300, dropRequest: 0, dropResponse: 0, duplicate: 0 });
    await context.setOffline(false);
    await Promise.all([a.click('#sync-now'), b.click('#sync-now')]);
    for (const page of [a, b]) {
      await page.waitForFunction(() => document.querySelector('#pending-count')?.textContent.trim() === '0', null, { timeout: 30_000 });
    }
    const pushes = proxy.log.filter((r) => r.path.startsWith('/api/v1/sync/push'));
    assert.ok(pushes.length >= 1);
    const calls = proxy.log.filter((r) => r.path.startsWith('/api/v1/sync/')).sort((x, y) => x.start - y.start);
    for (let i = 1; i < calls.length; i++) {
      assert.ok(calls[i - 1].end !== null && calls[i - 1].end <= calls[i].start,
        `sync requests overlapped: ${JSON.stringify(calls.slice(i - 1, i + 1))}`);
    }
    const held = (await serverEntries(server.url, await apiLogin(server.url, 'admin'))).filter((e) => e.title.endsWith('（测试）'));
    assert.equal(held.length, 6, 'every entry once');
    // A reload of either tab shows all six, received.
    await b.reload();
    await waitReady(b);
    await b.click('#tab-history');
    await b.fill('#search', '标签页记录');
    const statuses = await b.$$eval('#entry-list li.entry', (lis) => lis.map((li) => li.dataset.status));
    assert.deepEqual(statuses, Array(6).fill('received'));
  } finally {
    await context.close();
    await proxy.close();
    await server.stop();
  }
});
