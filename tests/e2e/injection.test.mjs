// Script and SQL-injection strings typed into every text field are stored
// verbatim and shown as text: no script runs, no table is harmed.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { startServer, freshDataDir, serverEntries, apiLogin, apiPost } from './support/server.mjs';
import { launchBrowser, phoneContext, openSignedIn, addEntry, waitAllReceived } from './support/browser.mjs';

const SCRIPT = '<script>window.__pwned = 1</script>';
const IMG = '<img src=x onerror="window.__pwned = 2">';
const SQL = "'; DROP TABLE entries; --";
const OR = '" OR 1=1 --';

/** 平邑街道妇联, the root of the demo tree (shared::fixtures::DEMO_ROOT). */
const DEMO_ROOT = '01900000-0000-7000-8000-000000000001';

let browser;
before(async () => { browser = await launchBrowser(); });
after(async () => { await browser?.close(); });

test('hostile text is stored verbatim and rendered inert', { timeout: 90_000 }, async () => {
  const server = await startServer({ db: join(freshDataDir(), 'ledger.sqlite3'), args: ['--demo'] });
  const context = await phoneContext(browser);
  const adminCtx = await phoneContext(browser);
  const dialogs = [];
  try {
    const page = await openSignedIn(context, server.url, 'hewan');
    page.on('dialog', (d) => { dialogs.push(d.message()); d.dismiss(); });
    await addEntry(page, { title: SCRIPT, place: IMG, note: `${SQL}\n${OR}` });
    await addEntry(page, { title: SQL, place: OR, note: SCRIPT });
    await waitAllReceived(page);

    const text = await page.textContent('#recent-list');
    for (const s of [SCRIPT, IMG, SQL, OR]) assert.ok(text.includes(s), `shown as text: ${s}`);
    assert.equal(await page.evaluate(() => window.__pwned), undefined, 'no injected script ran');
    assert.equal(await page.$('#recent-list script, #recent-list img'), null, 'no element was injected');

    const admin = await apiLogin(server.url, 'admin');
    const held = await serverEntries(server.url, admin);
    const a = held.find((e) => e.title === SCRIPT);
    assert.ok(a, 'stored verbatim');
    assert.equal(a.place, IMG);
    assert.equal(a.note, `${SQL}\n${OR}`);
    assert.ok(held.some((e) => e.title === SQL && e.place === OR && e.note === SCRIPT));
    assert.ok(held.length >= 42, 'the entries table is intact (demo entries + these two)');

    // The server's listing in the app renders them inert too.
    await page.click('#tab-server');
    await page.waitForSelector(`li.server-entry[data-id="${a.id}"]`, { timeout: 10_000 });
    assert.equal(await page.evaluate(() => window.__pwned), undefined);

    // An organisation's name and an account's display name, in the admin's screens.
    const org = await apiPost(server.url, admin, '/api/v1/orgs', { name: IMG, kind: 'village', parent_id: DEMO_ROOT });
    assert.equal(org.name, IMG);
    const user = await apiPost(server.url, admin, '/api/v1/users', { username: 'hostile', display_name: SCRIPT, role: 'cadre', org_id: org.id });
    assert.equal(user.user.display_name, SCRIPT);
    const adminPage = await openSignedIn(adminCtx, server.url, 'admin');
    adminPage.on('dialog', (d) => { dialogs.push(d.message()); d.dismiss(); });
    await adminPage.click('#tab-orgs');
    await adminPage.waitForFunction((name) => [...document.querySelectorAll('li.org')].some((li) => li.textContent.includes(name)), IMG, { timeout: 10_000 });
    await adminPage.click('#tab-users');
    await adminPage.waitForFunction((name) => [...document.querySelectorAll('li.user')].some((li) => li.textContent.includes(name)), SCRIPT, { timeout: 10_000 });
    assert.equal(await adminPage.evaluate(() => window.__pwned), undefined);
    assert.equal(await adminPage.$('li.org img, li.user script'), null);
    assert.deepEqual(dialogs, []);
  } finally {
    await adminCtx.close();
    await context.close();
    await server.stop();
  }
});
