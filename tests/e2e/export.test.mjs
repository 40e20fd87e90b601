// The export file: a phone with unsynced entries exports everything with one
// tap; the office imports the file (twice, by mistake); then the phone comes
// back online and syncs. Every entry is on the server exactly once.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { startServer, freshDataDir, apiLogin, apiPost, serverEntries } from './support/server.mjs';
import {
  launchBrowser, phoneContext, openSignedIn, addEntry, waitAllReceived, listedEntries,
} from './support/browser.mjs';

let browser;
before(async () => { browser = await launchBrowser(); });
after(async () => { await browser?.close(); });

test('an exported file is imported exactly once, and the phone then syncs without duplicates', { timeout: 120_000 }, async () => {
  const server = await startServer({ db: join(freshDataDir(), 'ledger.sqlite3'), args: ['--demo'] });
  const context = await phoneContext(browser);
  try {
    const page = await openSignedIn(context, server.url, 'hewan');
    await context.setOffline(true);
    await addEntry(page, { title: '导出前的宣讲（测试）' });
    await addEntry(page, { title: '导出前的捐款（测试）', kind: 'donation', counts: { funds_fen: '2000' } });

    // One tap: the whole device to a file.
    const [download] = await Promise.all([page.waitForEvent('download'), page.click('#export-data')]);
    assert.match(download.suggestedFilename(), /^jinguo-hewan-\d{4}-\d{2}-\d{2}\.json$/);
    const file = JSON.parse(await readFile(await download.path(), 'utf8'));
    assert.equal(file.format, 'jinguo-ledger-export');
    assert.equal(file.username, 'hewan');
    assert.equal(file.pending.length, 2);
    assert.ok(file.entries.length >= 2, 'everything on the phone, with what it pulled');
    assert.match(await page.textContent('#export-status'), new RegExp(`已导出 ${file.entries.length} 条记录`));

    // The office imports it, and by mistake once more.
    const admin = await apiLogin(server.url, 'admin');
    const first = await apiPost(server.url, admin, '/api/v1/import', file);
    assert.equal(first.applied, 2);
    const second = await apiPost(server.url, admin, '/api/v1/import', file);
    assert.equal(second.applied, 0);
    assert.equal(second.replayed, 2);
    let held = (await serverEntries(server.url, admin)).filter((e) => e.title.endsWith('（测试）'));
    assert.equal(held.length, 2);

    // The phone comes back: its changes are answered from the stored receipts.
    await context.setOffline(false);
    await page.click('#sync-now');
    await waitAllReceived(page);
    held = (await serverEntries(server.url, admin)).filter((e) => e.title.endsWith('（测试）'));
    assert.equal(held.length, 2, 'nothing was stored twice');
    const ids = held.map((e) => e.id);
    const receipts = await page.$$eval('li.entry', (lis, ids) => lis
      .filter((li) => ids.includes(li.dataset.id))
      .map((li) => Number(li.querySelector('.receipt')?.textContent)), ids);
    assert.deepEqual(receipts.sort(), held.map((e) => e.change_no).sort());
    const listed = (await listedEntries(page)).filter((e) => ids.includes(e.id));
    assert.equal(listed.length, 2);
    assert.ok(listed.every((e) => e.status === 'received'));
  } finally {
    await context.close();
    await server.stop();
  }
});
