// What is typed into a new entry's form is not thrown away when the form is
// left (‹ 返回, a tab): the next form of that kind offers it back, and saving
// or 重新填写 ends the draft. Another kind's form is not touched by it.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { startServer, freshDataDir } from './support/server.mjs';
import { launchBrowser, phoneContext, openSignedIn, openNewEntry, screenshot } from './support/browser.mjs';

let browser;
before(async () => { browser = await launchBrowser(); });
after(async () => { await browser?.close(); });

test('a draft per kind survives leaving the form and is offered back', { timeout: 90_000 }, async () => {
  const server = await startServer({ db: join(freshDataDir(), 'ledger.sqlite3'), args: ['--demo'] });
  const context = await phoneContext(browser);
  try {
    const page = await openSignedIn(context, server.url, 'hewan');

    // Typed, then left by ‹ 返回.
    await openNewEntry(page, 'lecture');
    assert.equal(await page.$('#draft-restored'), null, 'no draft at first');
    await page.fill('#title', '三组宣讲（草稿）');
    await page.fill('#count-participants', '42');
    await page.click('.screen-head .back');

    // Another kind starts empty; left by a tab this time, with something typed.
    await openNewEntry(page, 'visit');
    assert.equal(await page.$('#draft-restored'), null);
    assert.notEqual(await page.inputValue('#title'), '三组宣讲（草稿）');
    await page.fill('#note', '走访王家');
    await page.click('#tab-history');

    // The lecture's draft is back.
    await openNewEntry(page, 'lecture');
    await page.waitForSelector('#draft-restored');
    assert.equal(await page.inputValue('#title'), '三组宣讲（草稿）');
    assert.equal(await page.inputValue('#count-participants'), '42');
    await screenshot(page, 'draft-restored');

    // Saved: the draft is gone.
    await page.fill('#count-sessions', '1');
    await page.click('#entry-form button[type=submit]');
    await page.waitForSelector('#record-activity');
    await openNewEntry(page, 'lecture');
    assert.equal(await page.$('#draft-restored'), null, 'a saved draft is not offered again');
    await page.click('.screen-head .back');

    // The visit's draft, thrown away with 重新填写.
    await openNewEntry(page, 'visit');
    await page.waitForSelector('#draft-restored');
    assert.equal(await page.inputValue('#note'), '走访王家');
    await page.click('#draft-discard');
    assert.equal(await page.inputValue('#note'), '');
    await page.click('.screen-head .back');
    await openNewEntry(page, 'visit');
    assert.equal(await page.$('#draft-restored'), null, 'a discarded draft is not offered again');
  } finally {
    await context.close();
    await server.stop();
  }
});
