// Two phones of one organisation edit the same entry offline, then both
// sync: the conflict appears on both with both values; settling it on one
// phone reaches the other.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { startServer, freshDataDir, apiLogin, serverEntries } from './support/server.mjs';
import {
  launchBrowser, phoneContext, openSignedIn, addEntry, editEntry, syncNow, screenshot,
} from './support/browser.mjs';

let browser;
before(async () => { browser = await launchBrowser(); });
after(async () => { await browser?.close(); });

const TITLE = '冲突测试宣讲（测试）';

async function conflictValues(page) {
  if (!(await page.isVisible('#record-activity'))) await page.click('#tab-home');
  await page.waitForSelector('#conflicts li.conflict', { timeout: 10_000 });
  return page.$$eval('#conflicts li.conflict', (lis) => lis.map((li) => ({
    field: li.dataset.field,
    kept: li.querySelector('.conflict-kept')?.textContent,
    lost: li.querySelector('.conflict-lost')?.textContent,
  })));
}

async function currentNote(page) {
  await page.click('#tab-history');
  await page.fill('#search', TITLE);
  return page.$eval(`#entry-list li.entry:has-text("${TITLE}")`, (li) => li.dataset.id);
}

test('an entry edited on two phones offline: the conflict on both, settled once for both', { timeout: 120_000 }, async () => {
  const server = await startServer({ db: join(freshDataDir(), 'ledger.sqlite3'), args: ['--demo'] });
  const ctxA = await phoneContext(browser);
  const ctxB = await phoneContext(browser);
  try {
    const a = await openSignedIn(ctxA, server.url, 'hewan');
    const b = await openSignedIn(ctxB, server.url, 'hewan');
    await addEntry(a, { title: TITLE, place: '河湾社区' });
    await syncNow(a);
    await syncNow(b);
    const id = await currentNote(b);
    assert.ok(id, 'the other phone pulled the entry');

    // Both offline, both change the place.
    await ctxA.setOffline(true);
    await ctxB.setOffline(true);
    await editEntry(a, TITLE, { place: '河湾社区一号楼' });
    await editEntry(b, TITLE, { place: '河湾社区文化广场' });
    await ctxA.setOffline(false);
    await syncNow(a);
    await ctxB.setOffline(false);
    await syncNow(b);
    await syncNow(a);

    // Both phones show the conflict: the later value kept, the other beside it.
    for (const page of [a, b]) {
      const [c] = await conflictValues(page);
      assert.deepEqual(c, { field: 'place', kept: '河湾社区文化广场', lost: '河湾社区一号楼' });
    }
    await screenshot(a, 'conflict');

    // Phone A takes its own value back; phone B sees it settled.
    await a.click('#conflicts li.conflict .use-other');
    await a.waitForSelector('#conflicts', { state: 'detached' });
    await syncNow(a);
    await syncNow(b);
    assert.equal(await b.$('#conflicts'), null, 'settled on the other phone too');
    const held = (await serverEntries(server.url, await apiLogin(server.url, 'admin'))).find((e) => e.id === id);
    assert.equal(held.place, '河湾社区一号楼');
    for (const page of [a, b]) {
      await page.click('#tab-history');
      await page.fill('#search', TITLE);
      assert.match(await page.textContent(`#entry-list li.entry[data-id="${id}"]`), /河湾社区一号楼/);
    }
  } finally {
    await ctxA.close();
    await ctxB.close();
    await server.stop();
  }
});
