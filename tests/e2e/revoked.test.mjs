// A lost phone is revoked: its next sync is refused with 401, its unsynced
// entries stay, and the app says what to do. A session ended by a password
// reset loses nothing: the cadre signs in again and the waiting entries sync.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { startServer, freshDataDir, apiLogin, apiGet, apiPost } from './support/server.mjs';
import { launchBrowser, phoneContext, openSignedIn, addEntry, listedEntries, pendingCount, waitAllReceived, waitReady } from './support/browser.mjs';

let browser;
before(async () => { browser = await launchBrowser(); });
after(async () => { await browser?.close(); });

test('a revoked phone keeps its entries and says what to do', { timeout: 90_000 }, async () => {
  const server = await startServer({ db: join(freshDataDir(), 'ledger.sqlite3'), args: ['--demo'] });
  const context = await phoneContext(browser);
  try {
    const page = await openSignedIn(context, server.url, 'hewan');
    await addEntry(page, { title: '撤销前的记录' });
    await waitAllReceived(page);

    const admin = await apiLogin(server.url, 'admin');
    const devices = (await apiGet(server.url, admin, '/api/v1/devices')).filter((d) => d.username === 'hewan');
    assert.equal(devices.length, 1, 'the phone registered as one device of hewan');
    await apiPost(server.url, admin, `/api/v1/devices/${devices[0].id}/revoke`);

    // The next sync is refused; the entry stays and the page explains.
    const syncs = [];
    page.on('response', (r) => { if (r.url().includes('/api/v1/sync/push')) syncs.push(r.status()); });
    await addEntry(page, { title: '撤销后的记录' });
    await page.waitForSelector('#auth-problem', { timeout: 10_000 });
    assert.ok(syncs.includes(401), `the push got 401 (${syncs})`);
    const problem = await page.textContent('#auth-problem');
    assert.match(problem, /停用/);
    assert.match(problem, /管理员/);
    assert.equal(await pendingCount(page), 1);
    await page.reload();
    await waitReady(page);
    const listed = await listedEntries(page);
    assert.ok(listed.some((e) => e.text.includes('撤销后的记录') && e.status !== 'received'), 'the unsynced entry is still listed');

    // Restored by the admin (revoking ended the phone's session), the cadre
    // signs in again on the same phone and the waiting entry goes through.
    await apiPost(server.url, admin, `/api/v1/devices/${devices[0].id}/restore`);
    await page.click('#sync-now');
    await page.waitForSelector('#auth-problem #login-form #password', { timeout: 10_000 });
    await page.fill('#auth-problem #login-form #password', 'jinguo2026');
    await page.click('#auth-problem #login-form button[type=submit]');
    await waitAllReceived(page);
    assert.equal(await page.$('#auth-problem'), null);
  } finally {
    await context.close();
    await server.stop();
  }
});

test('an ended session loses nothing: sign in again and the waiting entries sync', { timeout: 90_000 }, async () => {
  const server = await startServer({ db: join(freshDataDir(), 'ledger.sqlite3'), args: ['--demo'] });
  const context = await phoneContext(browser);
  try {
    const page = await openSignedIn(context, server.url, 'hewan');
    await context.setOffline(true);
    await addEntry(page, { title: '会话过期期间的记录' });

    // Meanwhile the admin resets hewan's password, which ends her sessions.
    const admin = await apiLogin(server.url, 'admin');
    const users = await apiGet(server.url, admin, '/api/v1/users');
    const hewan = users.find((u) => u.username === 'hewan');
    const { one_time_password: fresh } = await apiPost(server.url, admin, `/api/v1/users/${hewan.id}/reset-password`);

    await context.setOffline(false);
    await page.waitForSelector('#auth-problem', { timeout: 10_000 });
    assert.match(await page.textContent('#auth-problem'), /重新登录/);
    assert.equal(await pendingCount(page), 1, 'the entry waits');

    // Signing in again (same phone, same account) lets it through: the
    // reset's one-time password first asks for her own new one.
    await page.waitForSelector('#auth-problem #login-form #password', { timeout: 10_000 });
    await page.fill('#auth-problem #login-form #password', fresh);
    await page.click('#auth-problem #login-form button[type=submit]');
    await page.waitForSelector('#auth-problem #login-form #new-password', { timeout: 10_000 });
    await page.fill('#auth-problem #login-form #new-password', 'hewan-own-2026');
    await page.fill('#auth-problem #login-form #new-password-again', 'hewan-own-2026');
    await page.click('#auth-problem #login-form button[type=submit]');
    await waitAllReceived(page);
    assert.equal(await page.$('#auth-problem'), null);
  } finally {
    await context.close();
    await server.stop();
  }
});
