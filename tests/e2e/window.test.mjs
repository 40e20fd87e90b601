// A deployment with history: 40,000 entries of 河湾社区妇联 over ten years.
// A cadre signing in on a fresh phone gets her window (this year and the
// last) and no more than the budget for pulled entries allows; her first
// screen shows this year's totals as the server counts them; an entry she
// records offline right after is kept and syncs; older entries are one tap
// away online ("更早的记录"), and an offline report of an older year says
// what it covers. A viewer signing in keeps no mirror of the entries: her
// reports come from the server, and the last one she opened reads offline.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { startServer, freshDataDir, apiLogin, apiGet } from './support/server.mjs';
import { seedEntries, storageUse } from './support/seed.mjs';
import {
  launchBrowser, phoneContext, openSignedIn, waitForServiceWorker, addEntry, waitAllReceived, screenshot,
} from './support/browser.mjs';

const ENTRIES = 40_000;
/** `PULLED_BUDGET_UNITS` (shared::device::window): half of the app's 5,000,000. */
const PULLED_BUDGET = 2_500_000;

let browser;
let server;
before(async () => {
  browser = await launchBrowser();
  server = await startServer({ db: join(freshDataDir(), 'ledger.sqlite3'), args: ['--demo'] });
  const taken = await seedEntries(server.url, { count: ENTRIES, perYear: ENTRIES / 10 });
  assert.equal(taken, ENTRIES);
});
after(async () => {
  await server?.stop();
  await browser?.close();
});

/** Waits until the first sync after sign-in is over and went through. */
async function firstSyncDone(page) {
  await page.waitForFunction(() => document.querySelector('#sync-now')?.getAttribute('aria-busy') === 'false'
    && document.querySelector('#last-sync') && !document.querySelector('#last-sync').textContent.includes('尚未'),
  null, { timeout: 120_000 });
}

/** Asserts that the server listing shows exactly `ids`, in order (waiting for it first). */
async function expectShown(page, ids) {
  await page.waitForFunction((want) => [...document.querySelectorAll('#server-entries .server-entry')]
    .map((li) => li.dataset.id).join() === want.join(), ids, { timeout: 30_000 })
    .catch(() => {}); // the assertion below says what differs
  const shown = await page.$$eval('#server-entries .server-entry', (items) => items.map((li) => li.dataset.id));
  assert.deepEqual(shown, ids);
}

/** The dates of the entries the server listing shows. */
async function shownDates(page) {
  return page.$$eval('#server-entries .server-entry', (items) => items.map((li) => li.dataset.date));
}

/** The last day of month `m` ("2024-09" → "2024-09-30"). */
function monthEnd(m) {
  const [y, mo] = m.split('-').map(Number);
  return `${m}-${String(new Date(Date.UTC(y, mo, 0)).getUTCDate()).padStart(2, '0')}`;
}

function thisYear() {
  const today = new Date(Date.now() + 8 * 3600_000).toISOString().slice(0, 10);
  return { from: `${today.slice(0, 4)}-01-01`, to: `${today.slice(0, 4)}-12-31`, year: Number(today.slice(0, 4)) };
}

test('a cadre on a fresh phone: her window under the budget, this year right, an offline entry kept and synced', { timeout: 300_000 }, async () => {
  const context = await phoneContext(browser);
  try {
    const page = await openSignedIn(context, server.url, 'hewan');
    await firstSyncDone(page);
    const token = await apiLogin(server.url, 'hewan');
    const me = await apiGet(server.url, token, '/api/v1/me');
    const year = thisYear();
    const online = await apiGet(server.url, token, `/api/v1/reports?from=${year.from}&to=${year.to}&org=${me.user.org_id}`);
    // The first screen: this year's totals as the server counts them.
    const shown = Number((await page.textContent('#totals-year .totals-number')).replace(/[^0-9]/g, ''));
    assert.equal(shown, online.all.records);
    assert.ok(shown > 0);
    // What was pulled stays within its budget, and is far less than all.
    const entries = await storageUse(page, 'jg:u:hewan:e:');
    assert.ok(entries.units <= PULLED_BUDGET, `${entries.units} units in entries`);
    assert.ok(entries.keys < ENTRIES / 2, `${entries.keys} entries on the phone`);
    const all = await storageUse(page);
    assert.ok(all.units <= 5_000_000, `${all.units} units in all`);
    await page.click('#tab-history');
    await page.waitForSelector('#earlier-entries');
    await screenshot(page, 'window-history');

    // Offline right after: a new entry is kept, and syncs when back online.
    const latest = (await apiGet(server.url, token, '/api/v1/sync/pull?after=0&limit=1000&committees=true')).upto;
    await waitForServiceWorker(page);
    await context.setOffline(true);
    await page.click('#tab-home');
    await addEntry(page, { title: '窗口之后的新宣讲' });
    await page.reload();
    await page.waitForSelector('html[data-app="ready"]');
    assert.ok((await page.textContent('#recent-list')).includes('窗口之后的新宣讲'), 'kept over a reload');
    // An offline report of a year before the window says what it covers.
    await page.click('#tab-reports');
    await page.selectOption('#report-period', 'custom');
    await page.fill('#report-from', `${year.year - 5}-01-01`);
    await page.dispatchEvent('#report-from', 'change');
    await page.fill('#report-to', `${year.year - 5}-12-31`);
    await page.dispatchEvent('#report-to', 'change');
    await page.waitForSelector('#report-local');
    assert.match(await page.textContent('#window-notice'), /本机只保存近两年的记录；更早的请联网查看/);
    await screenshot(page, 'window-report-offline');
    await context.setOffline(false);
    await page.click('#tab-home');
    await page.click('#sync-now');
    await waitAllReceived(page, 60_000);
    const found = await apiGet(server.url, token, `/api/v1/entries?after=${latest}&limit=10`);
    assert.deepEqual(found.entries.map((e) => e.title), ['窗口之后的新宣讲']);

    // Older months are one tap away online: the listing opens on the month
    // before the oldest her phone holds (the window, or older while the
    // budget allowed), as the server lists it.
    await page.click('#tab-history');
    await page.click('#earlier-entries');
    await page.waitForFunction(() => document.querySelector('#server-month')?.value);
    const before = await page.inputValue('#server-month');
    assert.ok(before < `${year.year - 1}-01`, `${before} is older than her window`);
    const month = await apiGet(server.url, token, `/api/v1/entries/by-date?from=${before}-01&to=${monthEnd(before)}`);
    assert.ok(month.entries.length > 0);
    await expectShown(page, month.entries.map((e) => e.id));
    assert.ok((await shownDates(page)).every((d) => d.startsWith(before)));
    await screenshot(page, 'window-earlier-month');
  } finally {
    await context.close();
  }
});

test('a viewer keeps no mirror: reports from the server, the last one readable offline', { timeout: 180_000 }, async () => {
  const context = await phoneContext(browser);
  try {
    const page = await openSignedIn(context, server.url, 'county');
    await firstSyncDone(page);
    const token = await apiLogin(server.url, 'county');
    // Only the committee changes (for the home screen's committees).
    const committees = await apiGet(server.url, token, '/api/v1/sync/pull?after=0&limit=1000&committees=true');
    assert.ok(!committees.more);
    const held = await storageUse(page, 'jg:u:county:e:');
    assert.equal(held.keys, committees.entries.length);
    assert.ok(await page.isVisible('#office-hint'));
    // Her history tab points to the server's listing, which lists them all.
    await page.click('#tab-history');
    await page.click('#earlier-entries');
    const year = thisYear();
    // Newest first, a page at a time, as the server pages it.
    const first = await apiGet(server.url, token, '/api/v1/entries/by-date');
    const next = await apiGet(server.url, token,
      `/api/v1/entries/by-date?before_date=${first.next.date}&before_id=${first.next.id}`);
    await expectShown(page, first.entries.map((e) => e.id));
    await page.click('#server-more');
    await expectShown(page, [...first.entries, ...next.entries].map((e) => e.id));
    // One month, picked.
    const picked = `${year.year - 7}-03`;
    await page.fill('#server-month', picked);
    await page.waitForFunction(() => document.querySelector('#server-all-months'));
    const march = await apiGet(server.url, token, `/api/v1/entries/by-date?from=${picked}-01&to=${monthEnd(picked)}`);
    await expectShown(page, march.entries.map((e) => e.id));
    assert.ok((await shownDates(page)).every((d) => d.startsWith(picked)));
    await screenshot(page, 'window-viewer-listing');
    await page.click('#tab-home');

    const me = await apiGet(server.url, token, '/api/v1/me');
    const online = await apiGet(server.url, token, `/api/v1/reports?from=${year.from}&to=${year.to}&org=${me.user.org_id}`);
    await waitForServiceWorker(page);
    await page.click('#tab-reports');
    const said = `共 ${online.all.records.toLocaleString('en-US')} 条记录`;
    await page.waitForFunction((s) => document.querySelector('#report-overview')?.textContent.includes(s), said, { timeout: 30_000 });
    assert.equal(await page.$('#report-local'), null, 'from the server');

    await context.setOffline(true);
    await page.click('#tab-home');
    await page.click('#tab-reports');
    await page.waitForSelector('#report-cached');
    assert.ok((await page.textContent('#report-overview')).includes(said));
    await screenshot(page, 'window-viewer-offline-report');
  } finally {
    await context.close();
  }
});
