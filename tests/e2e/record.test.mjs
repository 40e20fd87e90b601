// The cadre's app at phone size: one entry of each of the nine work lines
// (and a committee change), the totals on the home screen computed on the
// phone, an edit, a delete and its undo, a sync, then offline and a reload:
// everything is still there and the totals are right. Every screen passes
// axe-core without serious violations.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { startServer, freshDataDir, apiLogin, serverEntries } from './support/server.mjs';
import {
  launchBrowser, phoneContext, openSignedIn, addEntry, waitReady, waitForServiceWorker,
  waitAllReceived, screenshot, openEntry, syncNow,
} from './support/browser.mjs';
import { assertAccessible } from './support/axe.mjs';

let browser;
before(async () => { browser = await launchBrowser(); });
after(async () => { await browser?.close(); });

/** One entry per work line, plus a committee change; `line` is what the picker groups by. */
const ENTRIES = [
  { line: 'organisation', kind: 'meeting', title: '组织建设推进会（测试）', counts: { times: '2', participants: '30' } },
  { line: 'organisation', kind: 'committee_change', title: '执委调整（测试）', person: '王秀英', change: 'replaced', replaces: '李红' },
  { line: 'guidance', kind: 'lecture', title: '学习二十大巾帼宣讲（测试）', counts: { sessions: '3', participants: '120' } },
  { line: 'family', kind: 'honour_family', title: '最美家庭（测试）', person: '张秀兰家', level: 'city' },
  { line: 'rural', kind: 'skills_training', title: '家政技能培训（测试）', counts: { sessions: '2', trained: '40' } },
  { line: 'rights', kind: 'legal_awareness', title: '普法宣传（测试）', counts: { sessions: '1', beneficiaries: '60' } },
  { line: 'care', kind: 'visit', title: '走访困难家庭（测试）', counts: { times: '5', beneficiaries: '12', funds_fen: '1.5万' } },
  { line: 'health', kind: 'family_safety', title: '家庭安康讲座（测试）', counts: { sessions: '1', participants: '200' } },
  { line: 'civility', kind: 'donated_goods', title: '爱心超市捐赠（测试）', counts: { funds_fen: '6050' } },
  { line: 'fundraising', kind: 'donation', title: '企业爱心捐款（测试）', counts: { funds_fen: '11万' } },
];

/** The year's totals on the home screen, by unit. */
async function yearTotals(page) {
  if (!(await page.isVisible('#totals-year'))) await page.click('#tab-home');
  return page.$eval('#totals-year', (el) => ({
    records: el.querySelector('.totals-number').textContent.trim(),
    units: Object.fromEntries([...el.querySelectorAll('li[data-unit]')].map((li) => [li.dataset.unit, li.textContent.trim()])),
  }));
}

test('nine work lines recorded, edited, deleted, undone; totals right offline after a reload', { timeout: 180_000 }, async () => {
  const server = await startServer({ db: join(freshDataDir(), 'ledger.sqlite3'), args: ['--demo'] });
  const context = await phoneContext(browser);
  try {
    const page = await openSignedIn(context, server.url, 'hewan');
    await waitForServiceWorker(page);
    // The organisation's entries already on the server come down first.
    await syncNow(page);
    await page.click('#tab-history');
    const before = Number(await page.textContent('#history-count'));
    assert.ok(before > 0, 'the demo entries of the organisation were pulled');
    await page.click('#tab-home');
    await assertAccessible(page, 'home (empty)');

    // The picker groups kinds by work line: every line is there.
    await page.click('#record-activity');
    const lines = await page.$$eval('#kind-picker section[data-line]', (els) => els.map((e) => e.dataset.line));
    assert.deepEqual(lines, ['organisation', 'guidance', 'family', 'rural', 'rights', 'care', 'health', 'civility', 'fundraising']);
    await assertAccessible(page, 'kind picker');
    await screenshot(page, 'kind-picker');
    await page.click('#kind-picker .kind-tile[data-kind="visit"]');
    await page.waitForSelector('#entry-form[data-kind="visit"]');
    // Only the kind's counts, with numeric keypads; the date is today.
    const counts = await page.$$eval('#entry-form input[id^="count-"]', (els) => els.map((e) => [e.id, e.inputMode]));
    assert.deepEqual(counts, [['count-times', 'numeric'], ['count-beneficiaries', 'numeric'], ['count-funds_fen', 'decimal']]);
    assert.match(await page.inputValue('#date'), /^\d{4}-\d{2}-\d{2}$/);
    await page.click('#entry-form button[type=submit]');
    await page.waitForSelector('#count-times-error .field-error');
    assert.match(await page.textContent('#count-times-error'), /请填写次数/);
    await assertAccessible(page, 'form with errors');
    await screenshot(page, 'form-errors');
    // The phone's back button climbs: form → kind picker → home.
    await page.goBack();
    await page.waitForSelector('#kind-picker');
    await page.goBack();
    await page.waitForSelector('#record-activity');

    for (const e of ENTRIES) await addEntry(page, e);
    // The kinds used last come first in the picker.
    await page.click('#record-activity');
    const recent = await page.$$eval('#recent-kinds .kind-tile', (els) => els.map((e) => e.dataset.kind));
    assert.deepEqual(recent, ['donation', 'donated_goods', 'family_safety', 'visit']);
    await page.click('#kind-picker .back');

    let totals = await yearTotals(page);
    assert.equal(totals.records, '10');
    assert.deepEqual(totals.units, {
      sessions: '7场', times: '7次', attendances: '350人次', people: '112人',
      households: '1户', persons: '1名', money_fen: '131,050元',
    });
    // The committee change shows in the current roster, with its history,
    // beside the three 河湾 replacements of the demo year pulled at sign-in.
    const members = await page.$$eval('#roster li.member strong', (els) => els.map((e) => e.textContent));
    assert.ok(members.includes('王秀英'), members.join());
    assert.equal(members.length, 4, members.join());
    assert.match(await page.textContent('#roster .roster-changes'), /王秀英 替换 李红/);
    await assertAccessible(page, 'home');
    await screenshot(page, 'home');

    // Edit: the lecture had 150 participants, not 120.
    await openEntry(page, '学习二十大巾帼宣讲（测试）');
    assert.equal(await page.inputValue('#count-participants'), '120');
    await screenshot(page, 'form-edit');
    await page.fill('#count-participants', '150');
    await page.click('#entry-form button[type=submit]');
    await page.waitForSelector('#flash:not([hidden])');
    totals = await yearTotals(page);
    assert.equal(totals.units.attendances, '380人次');

    // Delete the visit, then undo; delete the donated goods for good.
    await openEntry(page, '走访困难家庭（测试）');
    await page.click('#delete-entry');
    await page.waitForSelector('#undo');
    await page.fill('#search', '');
    assert.equal(Number(await page.textContent('#history-count')), before + 9);
    await assertAccessible(page, 'history');
    await page.click('#undo');
    await page.waitForFunction((n) => document.querySelector('#history-count')?.textContent === String(n), before + 10);
    await screenshot(page, 'history');
    await openEntry(page, '爱心超市捐赠（测试）');
    await page.click('#delete-entry');
    await page.waitForSelector('#undo');
    totals = await yearTotals(page);
    assert.equal(totals.records, '9');
    assert.equal(totals.units.money_fen, '125,000元');

    // Everything reaches the server: the edit, the tombstone, the undone delete.
    await waitAllReceived(page);
    const held = (await serverEntries(server.url, await apiLogin(server.url, 'admin')))
      .filter((e) => e.title.endsWith('（测试）'));
    assert.equal(held.length, 10);
    const byTitle = Object.fromEntries(held.map((e) => [e.title, e]));
    assert.equal(byTitle['学习二十大巾帼宣讲（测试）'].counts.participants, 150);
    assert.equal(byTitle['爱心超市捐赠（测试）'].deleted, true);
    assert.equal(byTitle['走访困难家庭（测试）'].deleted ?? false, false);
    assert.equal(byTitle['走访困难家庭（测试）'].counts.funds_fen, 1_500_000);
    assert.equal(byTitle['执委调整（测试）'].person.replaces, '李红');

    // Offline, reload: all there, same totals, computed on the phone.
    await context.setOffline(true);
    await page.reload();
    await waitReady(page);
    totals = await yearTotals(page);
    assert.equal(totals.records, '9');
    assert.deepEqual(totals.units, {
      sessions: '7场', times: '7次', attendances: '380人次', people: '112人',
      households: '1户', persons: '1名', money_fen: '125,000元',
    });
    await page.click('#tab-history');
    assert.equal(Number(await page.textContent('#history-count')), before + 9);
    await page.selectOption('#filter-period', 'year');
    assert.equal(await page.textContent('#history-count'), '9', 'this year: the nine left');
    assert.equal(await page.$$eval('#entry-list li.entry[data-status="received"]', (els) => els.length), 9);
  } finally {
    await context.close();
    await server.stop();
  }
});
