// A new entry starts with what the last entry of *its own kind* used —
// organisation, place, level — says so ("沿用上次") and clears it in one
// tap; another kind starts fresh, and a kind about a person never gets a
// place it was not given.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { startServer, freshDataDir } from './support/server.mjs';
import { launchBrowser, phoneContext, openSignedIn, openNewEntry, addEntry, screenshot } from './support/browser.mjs';

/** hewan's organisation and one of its women's groups (`shared::fixtures`). */
const HEWAN = '01900000-0000-7000-8000-000000000010';
const GRID = '01900000-0000-7000-8000-000000000011';

let browser;
before(async () => { browser = await launchBrowser(); });
after(async () => { await browser?.close(); });

/** Opens a new entry of `kind` from the home screen; what the form starts with. */
async function openNew(page, kind) {
  await openNewEntry(page, kind);
  return formStart(page);
}

async function formStart(page) {
  return page.evaluate(() => ({
    org: document.querySelector('#org').value,
    place: document.querySelector('#place').value,
    level: document.querySelector('#level').value,
    carried: document.querySelector('#carried')?.textContent.trim() ?? null,
  }));
}

test('organisation, place and level carry over only within a kind, visibly, and clear in one tap', { timeout: 90_000 }, async () => {
  const server = await startServer({ db: join(freshDataDir(), 'ledger.sqlite3'), args: ['--demo'] });
  const context = await phoneContext(browser);
  try {
    const page = await openSignedIn(context, server.url, 'hewan');
    await addEntry(page, { title: '二组宣讲（沿用）', kind: 'lecture', org: GRID, place: '二组活动室', level: 'subdistrict' });

    // Other kinds start fresh: no place, the default level, her own organisation.
    const fresh = { org: HEWAN, place: '', level: 'village', carried: null };
    assert.deepEqual(await openNew(page, 'honour_family'), fresh, '最美家庭 takes nothing from the 宣讲');
    await page.click('.screen-head .back');
    assert.deepEqual(await openNew(page, 'visit'), fresh, '走访 takes nothing from the 宣讲');

    // The same kind starts as the last one did, and says so.
    await page.click('.screen-head .back');
    const again = await openNew(page, 'lecture');
    assert.equal(again.org, GRID);
    assert.equal(again.place, '二组活动室');
    assert.equal(again.level, 'subdistrict');
    assert.match(again.carried ?? '', /^沿用上次：/);
    for (const shown of ['网格妇女小组', '二组活动室', '街道级']) assert.ok(again.carried.includes(shown), `${shown} in "${again.carried}"`);
    await screenshot(page, 'carried-over');

    // One tap clears all three.
    await page.click('#carried-clear');
    assert.deepEqual(await formStart(page), fresh);
    await screenshot(page, 'carried-cleared');

    // A committee change is not held at a place: none is carried into the next one.
    await page.click('.screen-head .back');
    await page.click('#tab-home');
    await addEntry(page, { title: '执委调整（沿用）', kind: 'committee_change', place: '村委会', person: '王秀英', change: 'joined' });
    const member = await openNew(page, 'committee_change');
    assert.equal(member.place, '');
    assert.equal(member.carried, null);
  } finally {
    await context.close();
    await server.stop();
  }
});
