// The history's 时间 filter offers 上月, a month and a custom range, and the
// filters and the search are as they were after opening an entry, editing it
// and coming back (they used to reset to 全部 with an empty search).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { startServer, freshDataDir } from './support/server.mjs';
import { launchBrowser, phoneContext, openSignedIn, addEntry, screenshot } from './support/browser.mjs';

let browser;
before(async () => { browser = await launchBrowser(); });
after(async () => { await browser?.close(); });

const pad = (n) => String(n).padStart(2, '0');
/** `YYYY-MM-DD` of day `day` of the month `back` months before today's. */
function dayOfMonthBack(today, back, day) {
  const d = new Date(today.getFullYear(), today.getMonth() - back, day);
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}`;
}

/** The titles the history lists, once it lists `n` entries. */
async function listed(page, n) {
  await page.waitForFunction((want) => document.querySelector('#history-count')?.textContent.trim() === String(want), n);
  return page.$$eval('#entry-list li.entry', (els) => els.map((e) => e.textContent));
}

async function titles(page, n) {
  const texts = await listed(page, n);
  return ['筛选测试上月', '筛选测试范围', '筛选测试本月'].filter((t) => texts.some((x) => x.includes(t)));
}

test('上月, a month, a custom range; the filters outlive an edit', { timeout: 120_000 }, async () => {
  const server = await startServer({ db: join(freshDataDir(), 'ledger.sqlite3'), args: ['--demo'] });
  const context = await phoneContext(browser);
  try {
    const page = await openSignedIn(context, server.url, 'hewan');
    // The phone's today, as the app sees it.
    const today = new Date(await page.evaluate(() => Date.now()));
    const lastMonth = dayOfMonthBack(today, 1, 15);
    const earlier = dayOfMonthBack(today, 3, 10);
    await addEntry(page, { title: '筛选测试上月', date: lastMonth });
    await addEntry(page, { title: '筛选测试范围', date: earlier });
    await addEntry(page, { title: '筛选测试本月' });

    await page.click('#tab-history');
    await page.fill('#search', '筛选测试');
    assert.deepEqual(await titles(page, 3), ['筛选测试上月', '筛选测试范围', '筛选测试本月']);

    await page.selectOption('#filter-period', 'last_month');
    assert.deepEqual(await titles(page, 1), ['筛选测试上月']);

    await page.selectOption('#filter-period', 'pick_month');
    await page.fill('#filter-month', earlier.slice(0, 7));
    assert.deepEqual(await titles(page, 1), ['筛选测试范围']);

    // A range around the earlier entry only.
    await page.selectOption('#filter-period', 'range');
    await page.fill('#filter-from', dayOfMonthBack(today, 3, 1));
    await page.fill('#filter-to', dayOfMonthBack(today, 3, 20));
    assert.deepEqual(await titles(page, 1), ['筛选测试范围']);
    await screenshot(page, 'history-range');

    // Open it, edit it, save: back on the history with the same filters.
    await page.click('#entry-list li.entry:has-text("筛选测试范围") .entry-open');
    await page.waitForSelector('#entry-form[data-editing="true"]');
    await page.fill('#note', '改过');
    await page.click('#entry-form button[type=submit]');
    await page.waitForSelector('#flash:not([hidden])');
    await page.waitForSelector('#filter-period');
    assert.equal(await page.inputValue('#search'), '筛选测试');
    assert.equal(await page.inputValue('#filter-period'), 'range');
    assert.equal(await page.inputValue('#filter-from'), dayOfMonthBack(today, 3, 1));
    assert.equal(await page.inputValue('#filter-to'), dayOfMonthBack(today, 3, 20));
    assert.deepEqual(await titles(page, 1), ['筛选测试范围']);
    await screenshot(page, 'history-after-edit');

    // And after ‹ 返回 from an entry, with 上月.
    await page.selectOption('#filter-period', 'last_month');
    assert.deepEqual(await titles(page, 1), ['筛选测试上月']);
    await page.click('#entry-list li.entry:has-text("筛选测试上月") .entry-open');
    await page.waitForSelector('#entry-form[data-editing="true"]');
    await page.click('.screen-head .back');
    await page.waitForSelector('#filter-period');
    assert.equal(await page.inputValue('#filter-period'), 'last_month');
    assert.equal(await page.inputValue('#search'), '筛选测试');
    assert.deepEqual(await titles(page, 1), ['筛选测试上月']);
  } finally {
    await context.close();
    await server.stop();
  }
});
