// The office sets up villages and cadres from a file: the template is
// downloaded, a filled CSV with a wrong row is previewed (the error beside
// it, nothing to import), corrected, imported; the one-time passwords are
// printed as slips, and a new account must change hers at the first sign-in
// (the one-time password then fails). The devices screen groups phones by
// account and gathers repeated never-synced sign-ins, revoked together; a
// phone's backup imported in the browser twice: applied, then replayed.
// The audit log filtered by action shows only that action.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { startServer, freshDataDir, apiLogin, apiDevice, apiGet, serverEntries } from './support/server.mjs';
import { launchBrowser, phoneContext, openSignedIn, addEntry, screenshot } from './support/browser.mjs';

let browser;
before(async () => { browser = await launchBrowser(); });
after(async () => { await browser?.close(); });

async function openTab(page, tab, selector) {
  await page.click(`#tab-${tab}`);
  await page.waitForSelector(selector, { timeout: 10_000 });
}

/** A CSV as the office fills it in (UTF-8 with a BOM, as Excel saves it). */
function csv(kind) {
  return Buffer.from('\ufeff' + [
    '上级,名称,类型',
    '平邑街道妇联,新华村妇联,村妇联',
    `新华村妇联,新华村第一妇女小组,${kind}`,
    '',
    '用户名,姓名,角色,所属组织',
    'xinhua,王秀英,妇联干部,新华村妇联',
    'xinhua2,李桂兰,妇联干部,新华村第一妇女小组',
  ].join('\r\n') + '\r\n');
}

async function upload(page, name, buffer) {
  await page.setInputFiles('#setup-file', { name, mimeType: 'text/csv', buffer });
  await page.waitForSelector('#setup-preview', { timeout: 10_000 });
}

test('setup from a file: template, preview with errors, fix, import, slips, first password', { timeout: 120_000 }, async () => {
  const server = await startServer({ db: join(freshDataDir(), 'ledger.sqlite3'), args: ['--demo'] });
  const context = await phoneContext(browser);
  try {
    const admin = await openSignedIn(context, server.url, 'admin');
    await openTab(admin, 'users', '#setup');

    const [download] = await Promise.all([admin.waitForEvent('download'), admin.click('#setup-template-csv')]);
    assert.match(download.suggestedFilename(), /\.csv$/);
    const template = await readFile(await download.path(), 'utf8');
    assert.match(template, /上级,名称,类型/);
    assert.match(template, /用户名,姓名,角色,所属组织/);

    // A wrong kind: the row says so, nothing can be imported.
    await upload(admin, '新华村.csv', csv('小组'));
    const wrong = await admin.$$eval('#setup-preview tr.row-error', (rows) => rows.map((r) => r.textContent));
    assert.equal(wrong.length, 1, wrong.join('\n'));
    assert.match(wrong[0], /类型“小组”不对/);
    assert.ok(await admin.isDisabled('#setup-apply'));
    await screenshot(admin, 'admin-setup-preview');

    // Corrected: two organisations and two accounts to create, then imported.
    await upload(admin, '新华村.csv', csv('妇女小组'));
    await admin.waitForFunction(() => document.querySelector('#setup-summary')?.textContent.includes('有误 0 行'));
    assert.equal(await admin.$$eval('#setup-preview tr.row-create', (r) => r.length), 4);
    await admin.click('#setup-apply');
    await admin.waitForSelector('#setup-slips .slip', { timeout: 30_000 });
    const slips = await admin.$$eval('#setup-slips .slip', (s) => s.map((x) => ({
      username: x.dataset.username,
      password: x.querySelector('.slip-password').textContent.trim(),
      text: x.textContent,
    })));
    assert.equal(slips.length, 2);
    assert.ok(slips.every((s) => s.text.includes('首次登录须修改密码') && s.text.includes(server.url)));
    await screenshot(admin, 'admin-setup');

    // Printed, only the slips show.
    await admin.emulateMedia({ media: 'print' });
    const hidden = await admin.$eval('#setup-heading', (h) => getComputedStyle(h).visibility);
    const shown = await admin.$eval('#setup-slips .slip', (s) => getComputedStyle(s).visibility);
    assert.deepEqual([hidden, shown], ['hidden', 'visible']);
    await screenshot(admin, 'admin-setup-print');
    await admin.emulateMedia({ media: 'screen' });

    // The same file again: nothing new.
    await upload(admin, '新华村.csv', csv('妇女小组'));
    await admin.waitForFunction(() => document.querySelector('#setup-summary')?.textContent.includes('将新建组织 0 个、账号 0 个'));

    // The one-time password must be replaced at the first sign-in; then it fails.
    const xinhua = slips.find((s) => s.username === 'xinhua');
    await assert.rejects(apiLogin(server.url, 'xinhua', xinhua.password), /403/);
    const res = await fetch(`${server.url}/api/v1/auth/first-password`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ username: 'xinhua', password: xinhua.password, device_id: crypto.randomUUID(), device_label: 'e2e test', new_password: 'xinhua-own-2026' }),
    });
    assert.equal(res.status, 200, await res.text());
    await assert.rejects(apiLogin(server.url, 'xinhua', xinhua.password), /401/);
    await apiLogin(server.url, 'xinhua', 'xinhua-own-2026');

    // She signs in three more times from one browser and never syncs: the
    // devices screen says so in one line, and revokes them together.
    for (let i = 0; i < 3; i++) await apiDevice(server.url, 'xinhua', 'xinhua-own-2026');
    await openTab(admin, 'devices', '#device-list');
    await admin.waitForSelector('.device-account[data-username=xinhua] .repeated-sign-ins', { timeout: 10_000 });
    const said = await admin.textContent('.device-account[data-username=xinhua] .repeated-explained');
    assert.match(said, /同一浏览器登录 \d 次，从未同步/);
    await screenshot(admin, 'admin-devices');
    await admin.click('.device-account[data-username=xinhua] .revoke-never-synced');
    await admin.waitForFunction(() => !document.querySelector('.device-account[data-username=xinhua] .repeated-sign-ins'), null, { timeout: 10_000 });
    const token = await apiLogin(server.url, 'admin');
    const audit = await apiGet(server.url, token, '/api/v1/audit?action=device.revoke');
    assert.ok(audit.records.length >= 4, 'each revoked device audited');

    // The audit screen filtered by action: only those records, as sentences.
    await openTab(admin, 'audit', '#audit-list .audit');
    // Unfiltered first: the setup file's organisations and accounts, the
    // first sign-in's own password, the revoked sign-ins — all said in
    // words, never an id or an action's code.
    const logText = (await admin.$$eval('#audit-list .audit', (items) => items.map((li) => li.textContent))).join('\n');
    assert.ok(logText.includes('新建了账号') && logText.includes('新建了组织'), logText);
    assert.doesNotMatch(logText, /[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/i);
    assert.doesNotMatch(logText, /\b(auth|entry|org|user|device|conflict|catalogue)\.[a-z_]+/);
    await admin.selectOption('#audit-action', 'device.revoke');
    await admin.click('#audit-filter');
    await admin.waitForFunction(() => {
      const rows = [...document.querySelectorAll('#audit-list .audit')];
      return rows.length > 0 && rows.every((r) => r.dataset.action === 'device.revoke');
    }, null, { timeout: 10_000 });
    await screenshot(admin, 'admin-audit');
  } finally {
    await context.close();
    await server.stop();
  }
});

test('a phone backup imported in the browser twice: applied, then replayed', { timeout: 120_000 }, async () => {
  const server = await startServer({ db: join(freshDataDir(), 'ledger.sqlite3'), args: ['--demo'] });
  const phoneCtx = await phoneContext(browser);
  const officeCtx = await phoneContext(browser);
  try {
    const phone = await openSignedIn(phoneCtx, server.url, 'hewan');
    await phoneCtx.setOffline(true);
    await addEntry(phone, { title: '备份中的宣讲（测试）' });
    const [download] = await Promise.all([phone.waitForEvent('download'), phone.click('#export-data')]);
    const file = await readFile(await download.path());

    const admin = await openSignedIn(officeCtx, server.url, 'admin');
    await openTab(admin, 'devices', '#backup-import');
    for (const [applied, replayed] of [['1', '0'], ['0', '1']]) {
      await admin.setInputFiles('#import-file', { name: 'backup.json', mimeType: 'application/json', buffer: file });
      await admin.waitForFunction(([a, r]) => {
        const s = document.querySelector('#import-summary');
        return s && s.dataset.applied === a && s.dataset.replayed === r;
      }, [applied, replayed], { timeout: 15_000 });
    }
    assert.match(await admin.textContent('#import-summary'), /此前已收到 1 条（未重复保存）/);
    await screenshot(admin, 'admin-import');
    const token = await apiLogin(server.url, 'admin');
    const held = (await serverEntries(server.url, token)).filter((e) => e.title === '备份中的宣讲（测试）');
    assert.equal(held.length, 1, 'nothing stored twice');

    // A file that is not an export: the reason, in Chinese.
    await admin.setInputFiles('#import-file', { name: 'x.json', mimeType: 'application/json', buffer: Buffer.from('{"not":"an export"}') });
    await admin.waitForSelector('#import-error', { timeout: 10_000 });
  } finally {
    await phoneCtx.close();
    await officeCtx.close();
    await server.stop();
  }
});
