// Organisations and accounts end to end: an admin creates a village federation
// and a cadre account; the cadre signs in on another phone, records offline,
// syncs; the admin sees the entry; a cadre of a sibling village does not.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { startServer, freshDataDir, serverEntries, apiLogin } from './support/server.mjs';
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

    // The cadre signs in on her own phone, then records with no network.
    const cadre = await openSignedIn(cadreCtx, server.url, 'xinhua', password);
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
  } finally {
    await Promise.all([adminCtx.close(), cadreCtx.close(), siblingCtx.close()]);
    await server.stop();
  }
});
