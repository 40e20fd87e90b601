// A sync whose response is lost after the server committed is retried by the
// app on its own, and the server still holds exactly one copy of each entry.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { startServer, freshDataDir, serverEntries, apiLogin } from './support/server.mjs';
import { startFaultProxy } from './support/fault-proxy.mjs';
import { launchBrowser, phoneContext, openApp, signIn, addEntry, pendingCount, waitAllReceived, listedEntries } from './support/browser.mjs';

const PUSH = '/api/v1/sync/push';
let browser;
before(async () => { browser = await launchBrowser(); });
after(async () => { await browser?.close(); });

test('a lost push response is retried and stores nothing twice', { timeout: 90_000 }, async () => {
  const server = await startServer({ db: join(freshDataDir(), 'ledger.sqlite3'), args: ['--demo'] });
  const proxy = await startFaultProxy(server.url);
  const context = await phoneContext(browser);
  const page = await context.newPage();
  try {
    await openApp(page, proxy.url);
    await signIn(page, 'hewan');

    // Record two entries offline, so they travel in one batch.
    await context.setOffline(true);
    await addEntry(page, { title: '普法宣传（测试）', kind: 'legal_awareness', counts: { sessions: '1', beneficiaries: '120' } });
    await addEntry(page, { title: '家政进社区（测试）', kind: 'skills_training', counts: { sessions: '1', trained: '40' } });
    assert.equal(await pendingCount(page), 2);

    // The server will commit the next push, but its answer is lost on the way back.
    proxy.dropResponses(PUSH, 1);
    await context.setOffline(false);
    await waitAllReceived(page);

    const pushes = proxy.log.filter((r) => r.path.startsWith(PUSH));
    assert.ok(pushes.length >= 2, `the push was retried (${pushes.length} pushes)`);
    assert.equal(pushes[0].dropped, true, 'the first answer was lost');

    const admin = await apiLogin(server.url, 'admin');
    const mine = (all) => all.filter((e) => e.title.endsWith('（测试）'));
    const held = mine(await serverEntries(server.url, admin));
    assert.equal(held.length, 2, 'exactly one copy of each entry');
    assert.equal(new Set(held.map((e) => e.id)).size, 2);
    const listed = await listedEntries(page);
    assert.deepEqual(held.map((e) => e.id).sort(), listed.map((e) => e.id).sort());

    // And a manual sync afterwards changes nothing.
    await page.click('#sync-now');
    await waitAllReceived(page);
    assert.equal(mine(await serverEntries(server.url, admin)).length, 2);
  } finally {
    await context.close();
    await proxy.close();
    await server.stop();
  }
});
