// Organisations and accounts end to end: an admin creates a village federation
// and a cadre account; the cadre signs in on another phone, records offline,
// syncs; the admin sees the entry; a cadre of a sibling village does not.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { startServer, freshDataDir, serverEntries, apiLogin, apiPost } from './support/server.mjs';

/** The subdistrict federation of the demo (`shared::fixtures::DEMO_ROOT`). */
const DEMO_ROOT = '01900000-0000-7000-8000-000000000001';
import {
  launchBrowser, phoneContext, openSignedIn, signIn, openApp, waitReady, waitForServiceWorker,
  addEntry, listedEntries, waitAllReceived, waitSettled, screenshot,
} from './support/browser.mjs';

let browser;
before(async () => { browser = await launchBrowser(); });
after(async () => { await browser?.close(); });

/** Opens a tab of the app and waits for its content. */
async function openTab(page, tab, selector) {
  await page.click(`#tab-${tab}`);
  if (selector) await page.waitForSelector(selector, { timeout: 10_000 });
}

test('admin creates a village and a cadre; the cadre records offline; scope holds', { timeout: 120_000 }, async () => {
  const server = await startServer({ db: join(freshDataDir(), 'ledger.sqlite3'), args: ['--demo'] });
  const adminCtx = await phoneContext(browser);
  const cadreCtx = await phoneContext(browser);
  const siblingCtx = await phoneContext(browser);
  try {
    // The admin creates 新华村妇联 under the subdistrict federation.
    const admin = await openSignedIn(adminCtx, server.url, 'admin');
    await openTab(admin, 'orgs', '#org-create');
    await admin.fill('#org-name', '新华村妇联');
    await admin.selectOption('#org-kind', 'village');
    await admin.selectOption('#org-parent', { label: await admin.$eval('#org-parent', (s) => [...s.options].find((o) => o.textContent.includes('平邑街道妇联')).label) });
    await admin.click('#org-create button[type=submit]');
    await admin.waitForFunction(() => [...document.querySelectorAll('li.org')].some((li) => li.textContent.includes('新华村妇联')), null, { timeout: 10_000 });
    await screenshot(admin, 'admin-orgs');

    // …and a cadre account for it; the one-time password is shown once.
    await openTab(admin, 'users', '#user-create');
    await admin.fill('#new-username', 'xinhua');
    await admin.fill('#new-display-name', '王秀英');
    await admin.selectOption('#new-role', 'cadre');
    const orgValue = await admin.$eval('#new-org', (s) => [...s.options].find((o) => o.textContent.includes('新华村妇联')).value);
    await admin.selectOption('#new-org', orgValue);
    await admin.click('#user-create button[type=submit]');
    await admin.waitForSelector('#one-time-password', { timeout: 10_000 });
    const password = (await admin.textContent('#one-time-password')).trim();
    assert.ok(password.length >= 8, `a one-time password is shown (${password})`);
    await screenshot(admin, 'admin-users');

    // The cadre signs in on her own phone with it: the one-time password is
    // right, and she must set her own before she gets in.
    const cadre = await cadreCtx.newPage();
    await openApp(cadre, server.url);
    await cadre.waitForSelector('#login-form');
    await cadre.fill('#username', 'xinhua');
    await cadre.fill('#password', password);
    await cadre.click('#login-form button[type=submit]');
    await cadre.waitForSelector('#new-password', { timeout: 15_000 });
    assert.match(await cadre.textContent('#login-error'), /一次性密码/);
    await cadre.fill('#new-password', 'xinhua-own-2026');
    await cadre.fill('#new-password-again', 'xinhua-own-2062');
    await cadre.click('#login-form button[type=submit]');
    await cadre.waitForFunction(() => document.querySelector('#login-error')?.textContent.includes('不一致'));
    await cadre.fill('#new-password-again', 'xinhua-own-2026');
    await screenshot(cadre, 'first-password');
    await cadre.click('#login-form button[type=submit]');
    await cadre.waitForSelector('#signout', { timeout: 15_000 });
    // The one-time password is spent; hers works.
    await assert.rejects(apiLogin(server.url, 'xinhua', password), /401/);
    await apiLogin(server.url, 'xinhua', 'xinhua-own-2026');

    // Then she records with no network.
    await waitForServiceWorker(cadre);
    await cadreCtx.setOffline(true);
    await cadre.reload();
    await waitReady(cadre);
    await addEntry(cadre, { title: '新华村家庭教育讲座', kind: 'family_education', place: '新华村文化广场', participants: '46' });
    // Whatever the app tried meanwhile is over before the state is read.
    await waitSettled(cadre);
    const [entry] = await listedEntries(cadre);
    assert.equal(entry.status, 'on_device');
    await cadreCtx.setOffline(false);
    await waitAllReceived(cadre);
    await screenshot(cadre, 'cadre-synced');

    // The admin sees it in the server's listing…
    await openTab(admin, 'home');
    await openTab(admin, 'server', '#server-entries');
    await admin.waitForSelector(`li.server-entry[data-id="${entry.id}"]`, { timeout: 10_000 });
    assert.ok((await serverEntries(server.url, await apiLogin(server.url, 'admin'))).some((e) => e.id === entry.id));

    // …a cadre of a sibling village does not, in the app or through the API.
    const sibling = await openSignedIn(siblingCtx, server.url, 'xiaojing');
    await openTab(sibling, 'server', '#server-entries');
    await sibling.waitForSelector('li.server-entry', { timeout: 10_000 }); // her own village's entries
    assert.equal(await sibling.$(`li.server-entry[data-id="${entry.id}"]`), null);
    const siblingView = await serverEntries(server.url, await apiLogin(server.url, 'xiaojing'));
    assert.ok(siblingView.length > 0 && !siblingView.some((e) => e.id === entry.id));

    // The audit log says all of it in words: names, never an id or a code.
    await openTab(admin, 'audit', '#audit-list .audit');
    const lines = await admin.$$eval('#audit-list .audit', (items) => items.map((li) => li.textContent));
    const text = lines.join('\n');
    assert.ok(text.includes('王秀英（新华村妇联）'), text);
    assert.ok(text.includes('新增了记录「新华村家庭教育讲座」'), text);
    assert.ok(text.includes('新建了账号「王秀英」') && text.includes('新建了组织「新华村妇联」'), text);
    assert.ok(text.includes('修改了自己的密码'), text);
    assert.doesNotMatch(text, /[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/i);
    assert.doesNotMatch(text, /\b(auth|entry|org|user|device|conflict)\.[a-z_]+/);
    await screenshot(admin, 'admin-audit');
  } finally {
    await Promise.all([adminCtx.close(), cadreCtx.close(), siblingCtx.close()]);
    await server.stop();
  }
});

test('a cadre changes her own password; her other phone must sign in again', { timeout: 90_000 }, async () => {
  const server = await startServer({ db: join(freshDataDir(), 'ledger.sqlite3'), args: ['--demo'] });
  const phoneCtx = await phoneContext(browser);
  try {
    const page = await openSignedIn(phoneCtx, server.url, 'hewan');
    const other = await apiLogin(server.url, 'hewan');
    await page.click('#change-password-open');
    await page.fill('#current-password', 'not-her-password');
    await page.fill('#changed-password', 'hewan-new-2026');
    await page.fill('#changed-password-again', 'hewan-new-2026');
    await page.click('#change-password button[type=submit]');
    await page.waitForFunction(() => document.querySelector('#change-password-error')?.textContent.includes('当前密码不正确'));
    assert.ok(await page.isVisible('#signout'), 'a wrong current password does not sign her out');
    await page.fill('#current-password', 'jinguo2026');
    await page.click('#change-password button[type=submit]');
    await page.waitForSelector('#password-changed');
    await screenshot(page, 'password-changed');
    // Her other session ended; the old password fails, the new one works.
    const me = await fetch(`${server.url}/api/v1/me`, { headers: { authorization: `Bearer ${other}` } });
    assert.equal(me.status, 401);
    await assert.rejects(apiLogin(server.url, 'hewan', 'jinguo2026'), /401/);
    await apiLogin(server.url, 'hewan', 'hewan-new-2026');
    // This phone stays signed in and keeps syncing.
    await addEntry(page, { title: '改密码之后的记录' });
    await waitAllReceived(page);
  } finally {
    await phoneCtx.close();
    await server.stop();
  }
});

test('retiring an organisation asks first and says what happens', { timeout: 60_000 }, async () => {
  const server = await startServer({ db: join(freshDataDir(), 'ledger.sqlite3'), args: ['--demo'] });
  const adminCtx = await phoneContext(browser);
  try {
    const token = await apiLogin(server.url, 'admin');
    const org = await apiPost(server.url, token, '/api/v1/orgs', { name: '临时村妇联', kind: 'village', parent_id: DEMO_ROOT });
    const admin = await openSignedIn(adminCtx, server.url, 'admin');
    await openTab(admin, 'orgs', `li.org[data-id="${org.id}"]`);
    const row = `li.org[data-id="${org.id}"]`;
    await admin.click(`${row} button.retire`);
    await admin.waitForSelector(`${row} .retire-confirm`);
    const said = await admin.textContent(`${row} .retire-question`);
    assert.match(said, /临时村妇联/);
    assert.match(said, /已有的记录全部保留/);
    assert.match(said, /账号仍能登录/);
    await screenshot(admin, 'admin-retire-confirm');
    // Cancelled: nothing changes.
    await admin.click(`${row} .retire-no`);
    assert.equal(await admin.$(`${row} .retire-confirm`), null);
    assert.equal(await admin.getAttribute(row, 'data-retired'), 'false');
    // Confirmed: retired.
    await admin.click(`${row} button.retire`);
    await admin.click(`${row} .retire-yes`);
    await admin.waitForSelector(`${row}[data-retired="true"]`, { timeout: 10_000 });
  } finally {
    await adminCtx.close();
    await server.stop();
  }
});
