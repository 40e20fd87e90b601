// The admin edits the catalogue of work (工作目录): she adds 巾帼家政培训 under
// 乡村振兴巾帼行动 with the counts 场次 and 培训人数, and retires 其他工作. A
// cadre's phone gets the new version at its next sync and records one
// offline; the report and its Excel show it. A second phone, offline since
// before the edit, records an 其他工作 offline under the old version and syncs
// without refusal: an entry is judged under the version it was made with.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { writeFileSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startServer, freshDataDir, apiLogin, apiGet } from './support/server.mjs';
import {
  launchBrowser, phoneContext, openSignedIn, waitForServiceWorker, waitReady, addEntry,
  listedEntries, waitSettled, waitAllReceived, syncNow, screenshot,
} from './support/browser.mjs';

let browser;
before(async () => { browser = await launchBrowser(); });
after(async () => { await browser?.close(); });

/** The text of every file of a zip (an .xlsx), by `unzip -p`. */
function zipText(bytes) {
  const dir = mkdtempSync(join(tmpdir(), 'jinguo-xlsx-'));
  const file = join(dir, 'report.xlsx');
  writeFileSync(file, bytes);
  return execFileSync('unzip', ['-p', file], { maxBuffer: 64 << 20 }).toString('utf8');
}

test('an added kind reaches a phone at sync, is recorded offline and reported; an older phone is not refused', { timeout: 180_000 }, async () => {
  const server = await startServer({ db: join(freshDataDir(), 'ledger.sqlite3'), args: ['--demo'] });
  const adminCtx = await phoneContext(browser);
  const hewanCtx = await phoneContext(browser);
  const olderCtx = await phoneContext(browser);
  try {
    const token = await apiLogin(server.url, 'admin');
    const before = await apiGet(server.url, token, '/api/v1/catalogue');

    // The second phone signs in before the edit, then loses its network.
    const older = await openSignedIn(olderCtx, server.url, 'xiaojing');
    await waitForServiceWorker(older);
    await olderCtx.setOffline(true);
    // The cadre's phone is signed in before the edit too, and records a
    // lecture this year (the figures the admin's preview reads).
    const hewan = await openSignedIn(hewanCtx, server.url, 'hewan');
    await waitForServiceWorker(hewan);
    await addEntry(hewan, { title: '河湾社区宣讲', kind: 'lecture', sessions: '1', participants: '80' });
    await waitAllReceived(hewan);

    // The admin adds the kind with its two counts…
    const admin = await openSignedIn(adminCtx, server.url, 'admin');
    await admin.click('#tab-catalogue');
    await admin.waitForSelector('#catalogue-lines li.kind', { timeout: 15_000 });
    await admin.selectOption('#kind-add-line', 'rural');
    await admin.fill('#kind-add-zh', '巾帼家政培训');
    await admin.fill('#kind-add-en', 'Housekeeping training');
    await admin.click('#kind-add-count');
    const rows = admin.locator('#kind-add fieldset.count-row');
    await rows.nth(0).locator('.count-unit').selectOption('sessions');
    await rows.nth(0).locator('.count-zh').fill('场次');
    await rows.nth(0).locator('.count-en').fill('Sessions');
    await rows.nth(0).locator('.count-required').check();
    await rows.nth(1).locator('.count-unit').selectOption('people');
    await rows.nth(1).locator('.count-zh').fill('培训人数');
    await rows.nth(1).locator('.count-en').fill('People trained');
    await admin.click('#kind-add button[type=submit]');
    await admin.waitForFunction(() => [...document.querySelectorAll('li.catalogue-line[data-line="rural"] .kind-name')].some((n) => n.textContent === '巾帼家政培训'));
    // …refused at once when a name is missing…
    await admin.fill('#line-add-zh', '数字妇联');
    await admin.click('#line-add button[type=submit]');
    await admin.waitForFunction(() => document.querySelector('#catalogue-refused')?.textContent.includes('中文名称和英文名称都要填写'));
    await admin.fill('#line-add-zh', '');
    // …retires 其他工作 (asked first)…
    const other = admin.locator('li.kind[data-kind="other"]');
    await other.locator('button.retire').click();
    assert.match(await other.locator('.retire-question').textContent(), /已有的记录全部保留/);
    await other.locator('.retire-yes').click();
    await admin.waitForSelector('li.kind[data-kind="other"][data-retired="true"]');
    // …looks at the summary sentence's preview, and saves: a new version.
    const lecture = admin.locator('li.kind[data-kind="lecture"]');
    await lecture.locator('button.phrase').click();
    await lecture.locator('.phrase-zh').fill('深入村居开展宣讲{sessions}，参与群众{participants}');
    await admin.waitForFunction(() => document.querySelector('li.kind[data-kind="lecture"] .preview-text')?.textContent.includes('深入村居开展宣讲1场，参与群众80人次'), null, { timeout: 15_000 });
    await lecture.locator('form.kind-phrase button[type=submit]').click();
    await admin.click('#catalogue-save');
    await admin.waitForFunction(() => document.querySelector('#catalogue-status')?.textContent.includes('已保存为第'), null, { timeout: 15_000 });
    // What the phone-sized screen shows: the saved note above the line with
    // the new kind (the whole page is hundreds of kinds long).
    await admin.evaluate(() => {
      const line = document.querySelector('li.catalogue-line[data-line="rural"]');
      window.scrollTo(0, line.getBoundingClientRect().top + window.scrollY - 120);
    });
    await screenshot(admin, 'catalogue-editor', { fullPage: false });

    const after = await apiGet(server.url, token, '/api/v1/catalogue');
    assert.equal(after.version, before.version + 1);
    const added = after.kinds.find((k) => k.zh === '巾帼家政培训');
    assert.ok(added && added.line === 'rural', JSON.stringify(added));
    assert.deepEqual(added.counts.map((c) => [c.key, c.zh, c.required]), [['sessions', '场次', true], ['people', '培训人数', false]]);
    assert.ok(after.kinds.find((k) => k.code === 'other').retired);
    assert.equal(after.kinds.find((k) => k.code === 'lecture').phrase.zh, '深入村居开展宣讲{sessions}，参与群众{participants}');

    // The cadre's phone gets it at its next sync, then records one offline.
    await syncNow(hewan);
    await hewan.click('#record-activity');
    await hewan.waitForSelector(`#kind-picker .kind-tile[data-kind="${added.code}"]`, { timeout: 15_000 });
    await hewan.click('#tab-home');
    await hewanCtx.setOffline(true);
    await hewan.reload();
    await waitReady(hewan);
    await addEntry(hewan, { title: '河湾社区巾帼家政培训', kind: added.code, counts: { sessions: '2', people: '35' } });
    await hewanCtx.setOffline(false);
    await syncNow(hewan);
    await waitAllReceived(hewan);

    // The phone offline since before the edit records an 其他工作, which the
    // new version has retired, and syncs: not refused.
    await addEntry(older, { title: '小井村妇女议事会', kind: 'other', place: '小井村', counts: { sessions: '1', participants: '12' } });
    await waitSettled(older);
    await olderCtx.setOffline(false);
    await syncNow(older);
    await waitAllReceived(older);
    const [olderEntry] = await listedEntries(older);
    assert.equal(olderEntry.status, 'received');

    // The report and its Excel show the new kind with its figures.
    const me = await apiGet(server.url, token, '/api/v1/me');
    const today = new Date(Date.now() + 8 * 3600_000).toISOString().slice(0, 10);
    const query = `from=${today.slice(0, 4)}-01-01&to=${today}&org=${me.user.org_id}`;
    const report = await apiGet(server.url, token, `/api/v1/reports?${query}`);
    const line = report.lines.find((l) => l.code === 'rural');
    const kind = line.kinds.find((k) => k.code === added.code);
    assert.ok(kind, JSON.stringify(line.kinds.map((k) => k.code)));
    assert.equal(kind.sums.records, 1);
    assert.deepEqual(kind.cell.counts, { sessions: 2, people: 35 });
    const otherKind = report.lines.find((l) => l.code === 'organisation').kinds.find((k) => k.code === 'other');
    assert.equal(otherKind?.sums.records, 1, 'the older phone\'s entry is counted');
    const xlsx = await fetch(`${server.url}/api/v1/reports/export.xlsx?${query}`, { headers: { authorization: `Bearer ${token}` } });
    assert.equal(xlsx.status, 200);
    const text = zipText(Buffer.from(await xlsx.arrayBuffer()));
    for (const wanted of ['巾帼家政培训', '培训人数', '<v>35</v>']) {
      assert.ok(text.includes(wanted), `${wanted} in the workbook`);
    }
    // The admin's 报表 tab lists it too.
    await admin.click('#tab-reports');
    await admin.waitForFunction(() => document.querySelector('#report-lines')?.textContent.includes('巾帼家政培训'), null, { timeout: 20_000 });
  } finally {
    await Promise.all([adminCtx.close(), hewanCtx.close(), olderCtx.close()]);
    await server.stop();
  }
});
