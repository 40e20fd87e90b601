// The office's reports: the admin opens 报表 for 2023 over the demo data (the
// seed article's year) on a desktop and on a phone; the tables agree with the
// server's report; the silent women's group is listed; the summary draft reads
// like the article, survives a reload once edited, and exports as Word;
// Excel and CSV download; the print layout hides the controls. A cadre with
// no network still gets her own organisation's report, computed on the phone.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { assertAccessible } from './support/axe.mjs';
import { startServer, freshDataDir, apiLogin, apiGet } from './support/server.mjs';
import {
  launchBrowser, phoneContext, openSignedIn, waitForServiceWorker, waitReady, screenshot,
} from './support/browser.mjs';

let browser;
before(async () => { browser = await launchBrowser(); });
after(async () => { await browser?.close(); });

const YEAR = { from: '2023-01-01', to: '2023-12-31' };

/** Opens 报表 and asks for the demo year. */
async function openYear(page) {
  await page.click('#tab-reports');
  await page.waitForSelector('#report-period');
  await page.selectOption('#report-period', 'custom');
  await page.fill('#report-from', YEAR.from);
  await page.dispatchEvent('#report-from', 'change');
  await page.fill('#report-to', YEAR.to);
  await page.dispatchEvent('#report-to', 'change');
  await page.waitForFunction((from) => document.querySelector('#report-title')?.textContent.includes(from), YEAR.from, { timeout: 15_000 });
}

async function download(page, selector) {
  const [file] = await Promise.all([page.waitForEvent('download'), page.click(selector)]);
  return { name: file.suggestedFilename(), bytes: await readFile(await file.path()) };
}

test('the 2023 report: tables, charts, silent organisations, summary, exports, print', { timeout: 180_000 }, async () => {
  const server = await startServer({ db: join(freshDataDir(), 'ledger.sqlite3'), args: ['--demo'] });
  const desktop = await browser.newContext({ viewport: { width: 1280, height: 900 }, locale: 'zh-CN', acceptDownloads: true });
  const phone = await phoneContext(browser);
  try {
    const token = await apiLogin(server.url, 'admin');
    const root = (await apiGet(server.url, token, '/api/v1/me')).user.org_id;
    const report = await apiGet(server.url, token, `/api/v1/reports?from=${YEAR.from}&to=${YEAR.to}&org=${root}`);

    const page = await openSignedIn(desktop, server.url, 'admin');
    await openYear(page);
    // The overview and every line's entries are the server's.
    const overview = await page.textContent('#report-overview');
    assert.ok(overview.includes(String(report.all.records)), overview);
    for (const line of report.lines.filter((l) => l.sums.records > 0)) {
      const shown = await page.textContent(`#report-lines tbody[data-line="${line.code}"] .line-row .num`);
      assert.equal(Number(shown), line.sums.records, line.code);
    }
    // One row per organisation under the root, each as the server counts it.
    for (const row of report.orgs.filter((o) => !o.own)) {
      const shown = await page.textContent(`#report-orgs tr[data-org="${row.org_id}"] td.num`);
      assert.equal(Number(shown), row.sums.records, row.name);
    }
    const silent = await page.$$eval('#silent-orgs li', (lis) => lis.map((li) => li.textContent));
    assert.equal(silent.length, report.silent.length);
    assert.ok(silent.some((s) => s.includes('毽子队')), silent.join());
    // Charts: a bar per work line, a point per month.
    assert.equal(await page.$$eval('#chart-lines g.bar', (g) => g.length), report.lines.length);
    assert.equal(await page.$$eval('#chart-months circle', (c) => c.length), 12);

    // The summary draft reads like the article.
    const draft = await page.inputValue('#summary-text');
    for (const phrase of ['累计开展宣讲80余场', '4000余人', '“最美家庭”26户', '“好婆婆好媳妇”46人', '争取关爱资金1.5万元', '累计捐款11万元', '120余场', '6000余元', '3600余人']) {
      assert.ok(draft.includes(phrase), `${phrase} in the draft`);
    }
    assert.match(await page.inputValue('#summary-title'), /平邑街道妇联2023年工作总结/);
    await assertAccessible(page, 'reports');
    await screenshot(page, 'reports-desktop');

    // An edit is kept across a reload, and exported as Word.
    await page.fill('#summary-text', `${draft}\n（街道妇联审核补充：全年工作扎实。）`);
    await page.reload();
    await waitReady(page);
    await openYear(page);
    await page.waitForSelector('#summary-restored');
    assert.ok((await page.inputValue('#summary-text')).includes('审核补充'));
    const docx = await download(page, '#export-docx');
    assert.match(docx.name, /\.docx$/);
    assert.equal(docx.bytes.subarray(0, 2).toString(), 'PK', 'a zip, as .docx is');
    const txt = await download(page, '#export-txt');
    assert.ok(txt.bytes.toString('utf8').includes('审核补充'));

    // Excel and CSV.
    const xlsx = await download(page, '#export-xlsx');
    assert.match(xlsx.name, /\.xlsx$/);
    assert.equal(xlsx.bytes.subarray(0, 2).toString(), 'PK');
    const csv = await download(page, '#export-csv');
    assert.deepEqual([...csv.bytes.subarray(0, 3)], [0xef, 0xbb, 0xbf], 'UTF-8 with a BOM, for Excel');
    assert.ok(csv.bytes.toString('utf8').includes('河湾社区妇联'));

    // Printing: no tabs, filters or buttons; the tables and the summary text.
    await page.emulateMedia({ media: 'print' });
    for (const hidden of ['.tabs', '.report-filters', '#export-docx', '.app-header']) {
      assert.equal(await page.isVisible(hidden), false, `${hidden} is not printed`);
    }
    assert.ok(await page.isVisible('#report-orgs'));
    assert.ok((await page.textContent('.summary-print')).includes('审核补充'));
    await screenshot(page, 'reports-print');
    await page.pdf({ path: join('artifacts', 'reports-print.pdf'), format: 'A4' }).catch(() => {});
    await page.emulateMedia({ media: 'screen' });

    // The phone: the same report, narrow.
    const small = await openSignedIn(phone, server.url, 'admin');
    await openYear(small);
    assert.equal(Number(await small.textContent(`#report-orgs tr[data-org="${report.orgs[1].org_id}"] td.num`)), report.orgs[1].sums.records);
    await screenshot(small, 'reports-phone');
  } finally {
    await Promise.all([desktop.close(), phone.close()]);
    await server.stop();
  }
});

test('a cadre with no network gets her organisation report from the phone', { timeout: 120_000 }, async () => {
  const server = await startServer({ db: join(freshDataDir(), 'ledger.sqlite3'), args: ['--demo'] });
  const context = await phoneContext(browser);
  try {
    const page = await openSignedIn(context, server.url, 'hewan');
    await waitForServiceWorker(page);
    // Her phone pulled her community's entries at sign-in.
    await page.waitForFunction(() => document.querySelector('#sync-now')?.getAttribute('aria-busy') === 'false'
      && !document.querySelector('#last-sync')?.textContent.includes('尚未'), null, { timeout: 20_000 });
    const token = await apiLogin(server.url, 'hewan');
    const me = await apiGet(server.url, token, '/api/v1/me');
    const online = await apiGet(server.url, token, `/api/v1/reports?from=${YEAR.from}&to=${YEAR.to}&org=${me.user.org_id}`);

    await context.setOffline(true);
    await openYear(page);
    await page.waitForSelector('#report-local');
    const overview = await page.textContent('#report-overview');
    assert.ok(overview.includes(String(online.all.records)), `${overview} vs ${online.all.records} on the server`);
    assert.match(await page.inputValue('#summary-title'), /河湾社区妇联2023年工作总结/);
    assert.match(await page.inputValue('#summary-text'), /共记录工作台账\d+条/);
    await screenshot(page, 'reports-offline');
  } finally {
    await context.close();
    await server.stop();
  }
});
