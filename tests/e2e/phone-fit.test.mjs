// Small things at 390 px that read wrong: English singulars ("1 session",
// not "1 sessions"), the tabs and the 撤销 button of the delete banner on
// one line each.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { startServer, freshDataDir } from './support/server.mjs';
import {
  launchBrowser, phoneContext, openSignedIn, addEntry, openEntry, textLines, screenshot,
} from './support/browser.mjs';

let browser;
before(async () => { browser = await launchBrowser(); });
after(async () => { await browser?.close(); });

test('singulars in English; tabs and 撤销 on one line at 390 px', { timeout: 90_000 }, async () => {
  const server = await startServer({ db: join(freshDataDir(), 'ledger.sqlite3'), args: ['--demo'] });
  const context = await phoneContext(browser);
  try {
    const page = await openSignedIn(context, server.url, 'hewan');
    await addEntry(page, { title: '学习二十大精神巾帼宣讲进社区（单数）', kind: 'lecture', sessions: '1', participants: '1' });

    // 撤销 beside the delete banner's message, on one line.
    await openEntry(page, '学习二十大精神巾帼宣讲进社区（单数）');
    await page.click('#delete-entry');
    await page.waitForSelector('#undo');
    assert.equal(await textLines(page, '#undo'), 1, '撤销 on one line');
    await screenshot(page, 'delete-banner');
    await page.click('#undo');

    // English: every tab on one line; one session, one attendance.
    await page.click('#lang-toggle');
    await page.click('#tab-home');
    await page.waitForFunction(() => document.querySelector('#tab-history')?.textContent.trim() === 'This phone');
    for (const tab of await page.$$eval('nav.tabs [role=tab]', (els) => els.map((e) => `#${e.id}`))) {
      assert.equal(await textLines(page, tab), 1, `${tab} on one line`);
    }
    const counts = await page.$eval('li.entry[data-origin="device"] .entry-counts', (el) => el.textContent.trim());
    assert.equal(counts, '1 session · 1 attendance');
    const month = await page.$eval('#totals-month .totals-records', (el) => el.textContent.trim());
    assert.equal(month, '1 entry');
    await screenshot(page, 'english-home');
  } finally {
    await context.close();
    await server.stop();
  }
});
