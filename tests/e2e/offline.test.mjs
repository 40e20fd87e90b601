// The whole chain once: the app opens with no network and no server, keeps
// entries on the phone across reloads, and syncs them exactly once by itself
// when the network and the server come back.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { startServer, freshDataDir, serverEntries, apiLogin } from './support/server.mjs';
import {
  launchBrowser, phoneContext, openApp, signIn, waitReady, waitForServiceWorker, addEntry,
  listedEntries, pendingCount, waitAllReceived, waitSettled, screenshot,
} from './support/browser.mjs';

let browser;
before(async () => { browser = await launchBrowser(); });
after(async () => { await browser?.close(); });

test('opens offline with the server stopped, keeps entries, syncs them once on reconnect', { timeout: 90_000 }, async () => {
  const db = join(freshDataDir(), 'ledger.sqlite3');
  let server = await startServer({ db, args: ['--demo'] });
  const context = await phoneContext(browser);
  const page = await context.newPage();
  const errors = [];
  page.on('pageerror', (e) => errors.push(String(e)));
  try {
    // One visit with the network up installs the service worker.
    await openApp(page, server.url);
    await signIn(page, 'hewan');
    await waitForServiceWorker(page);
    assert.equal(await pendingCount(page), 0);

    // Server stopped: the app still opens, with the network up and then down.
    await server.stop();
    await page.reload();
    await waitReady(page);
    await context.setOffline(true);
    await page.reload();
    await waitReady(page);
    assert.ok(await page.isVisible('#record-activity'), 'the app is usable offline');

    await addEntry(page, { title: '离线宣讲（测试）', kind: 'lecture', participants: '83' });
    await addEntry(page, { title: '离线走访（测试）', kind: 'visit', place: '河湾社区3号楼', counts: { times: '1', beneficiaries: '12' } });
    assert.equal(await pendingCount(page), 2);

    // Reload while still offline: both entries are still there, only on this device.
    await page.reload();
    await waitReady(page);
    // Not on the server: "only on this device", once any attempt is over.
    await waitSettled(page);
    let listed = await listedEntries(page);
    assert.equal(listed.length, 2);
    for (const e of listed) assert.equal(e.status, 'on_device');
    assert.equal(await pendingCount(page), 2);
    await screenshot(page, 'offline-two-entries');

    // Server back (same port, same database), then the network: no click needed.
    server = await startServer({ db, port: server.port, args: ['--demo'] });
    await context.setOffline(false);
    await waitAllReceived(page);
    listed = await listedEntries(page);
    await screenshot(page, 'synced');

    const all = await serverEntries(server.url, await apiLogin(server.url, 'admin'));
    const held = all.filter((e) => e.title.endsWith('（测试）'));
    assert.equal(held.length, 2, 'the server holds exactly the two entries');
    assert.deepEqual(held.map((e) => e.id).sort(), listed.map((e) => e.id).sort());
    assert.deepEqual(held.map((e) => e.title).sort(), ['离线宣讲（测试）', '离线走访（测试）'].sort());
    const receipts = await page.$$eval('li.entry[data-origin="device"] .receipt', (els) => els.map((e) => e.textContent));
    assert.equal(receipts.length, 2);
    for (const entry of held) {
      assert.ok(receipts.some((r) => r.includes(String(entry.change_no))), `receipt #${entry.change_no} shown`);
    }
    assert.deepEqual(errors, [], 'no uncaught errors in the page');
  } finally {
    await context.close();
    await server.stop();
  }
});
