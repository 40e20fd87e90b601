// The phone's storage as a budget: a full storage refuses the new entry with
// a plain message and damages nothing — unless entries pulled from the
// server can leave to make room (they are on the server); a filling storage
// and entries waiting for days are pointed out on the first screen.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { startServer, freshDataDir, apiLogin, apiPost } from './support/server.mjs';

const DEMO_ROOT = '01900000-0000-7000-8000-000000000001';
import { launchBrowser, phoneContext, openSignedIn, addEntry, listedEntries, waitReady, pendingCount, screenshot } from './support/browser.mjs';

let browser;
before(async () => { browser = await launchBrowser(); });
after(async () => { await browser?.close(); });

/** Fills localStorage with junk until it refuses; returns the keys written. */
async function fillStorage(page) {
  return page.evaluate(() => {
    const keys = [];
    let chunk = 'x'.repeat(256 * 1024);
    for (let i = 0; chunk.length > 16; i++) {
      try {
        localStorage.setItem(`junk:${i}`, chunk);
        keys.push(`junk:${i}`);
      } catch {
        chunk = chunk.slice(0, chunk.length / 2);
      }
    }
    return keys;
  });
}

/** Records a lecture titled `title` through the form, offline or not. */
async function submitLecture(page, title) {
  await page.click('#record-activity');
  await page.click('#kind-picker .kind-tile[data-kind="lecture"] >> nth=-1');
  await page.fill('#title', title);
  await page.fill('#count-sessions', '1');
  await page.click('#entry-form button[type=submit]');
}

test('a full storage refuses the new entry plainly and loses nothing', { timeout: 90_000 }, async () => {
  const server = await startServer({ db: join(freshDataDir(), 'ledger.sqlite3'), args: ['--demo'] });
  const context = await phoneContext(browser);
  try {
    // A cadre of a new village: nothing pulled that could make room.
    const admin = await apiLogin(server.url, 'admin');
    const org = await apiPost(server.url, admin, '/api/v1/orgs', { name: '新华村妇联', kind: 'village', parent_id: DEMO_ROOT });
    await apiPost(server.url, admin, '/api/v1/users', { username: 'xinhua', display_name: '王秀英', role: 'cadre', org_id: org.id, password: 'xinhua-2026' });
    const page = await openSignedIn(context, server.url, 'xinhua', 'xinhua-2026');
    await context.setOffline(true);
    await addEntry(page, { title: '存储满之前的记录', place: '新华村' });
    const before = await listedEntries(page);

    const junk = await fillStorage(page);
    await submitLecture(page, '存储满时的记录');
    await page.waitForFunction(() => /存储空间已满|storage is full/i.test(document.querySelector('#form-status')?.textContent ?? ''), null, { timeout: 5_000 });
    assert.equal(await page.inputValue('#title'), '存储满时的记录', 'what was typed is still in the form');
    await page.click('#tab-home');
    assert.deepEqual(await listedEntries(page), before, 'nothing added, nothing lost');

    // With room again (the junk removed), everything is intact after a reload.
    await page.evaluate((keys) => keys.forEach((k) => localStorage.removeItem(k)), junk);
    await page.reload();
    await waitReady(page);
    assert.deepEqual((await listedEntries(page)).map((e) => e.id), before.map((e) => e.id));
    assert.equal(await pendingCount(page), 1);
  } finally {
    await context.close();
    await server.stop();
  }
});

test('on a full storage, entries pulled from the server make room for a new one', { timeout: 90_000 }, async () => {
  const server = await startServer({ db: join(freshDataDir(), 'ledger.sqlite3'), args: ['--demo'] });
  const context = await phoneContext(browser);
  try {
    const page = await openSignedIn(context, server.url, 'hewan');
    await page.waitForFunction(() => document.querySelector('#sync-now')?.getAttribute('aria-busy') === 'false'
      && !document.querySelector('#last-sync')?.textContent.includes('尚未'), null, { timeout: 20_000 });
    const pulled = await page.evaluate(() => Object.keys(localStorage).filter((k) => k.startsWith('jg:u:hewan:e:')).length);
    assert.ok(pulled > 10, `the demo's entries were pulled (${pulled})`);
    await context.setOffline(true);
    await addEntry(page, { title: '存储满之前的记录' });
    const before = await listedEntries(page);

    await fillStorage(page);
    await submitLecture(page, '存储满时的记录');
    // Saved: the form gives way to the home screen.
    await page.waitForSelector('#record-activity', { timeout: 5_000 });
    const after = await listedEntries(page);
    assert.deepEqual(after.slice(1).map((e) => e.id), before.map((e) => e.id), 'the earlier one kept');
    assert.match(after[0].text, /存储满时的记录/);
    assert.equal(await pendingCount(page), 2);
    const left = await page.evaluate(() => Object.keys(localStorage).filter((k) => k.startsWith('jg:u:hewan:e:')).length);
    assert.ok(left < pulled + 2, `pulled entries left to make room (${pulled} + 2 → ${left})`);
  } finally {
    await context.close();
    await server.stop();
  }
});

test('a filling storage and entries waiting for days are pointed out', { timeout: 90_000 }, async () => {
  const server = await startServer({ db: join(freshDataDir(), 'ledger.sqlite3'), args: ['--demo'] });
  const context = await phoneContext(browser);
  try {
    const page = await openSignedIn(context, server.url, 'hewan');
    await context.setOffline(true);
    await addEntry(page, { title: '等待同步的记录' });
    assert.equal(await page.$('#unsynced-warning'), null, 'a fresh entry is no cause for alarm');
    assert.equal(await page.$('#storage-use'), null);

    // Four days later, still offline.
    await page.clock.install({ time: Date.now() + 4 * 24 * 3600 * 1000 });
    await page.reload();
    await waitReady(page);
    await page.waitForSelector('#unsynced-warning', { timeout: 5_000 });
    assert.match(await page.textContent('#unsynced-warning'), /4 天/);

    // More than half of the storage in use.
    await page.evaluate(() => localStorage.setItem('junk:big', 'x'.repeat(2_600_000)));
    await page.reload();
    await waitReady(page);
    await page.waitForSelector('#storage-use', { timeout: 5_000 });
    assert.match(await page.textContent('#storage-use'), /已用 5\d%/);
    await screenshot(page, 'storage-notices');
  } finally {
    await context.close();
    await server.stop();
  }
});

test('installation to the home screen is offered when the browser allows it', { timeout: 60_000 }, async () => {
  const server = await startServer({ db: join(freshDataDir(), 'ledger.sqlite3'), args: ['--demo'] });
  const context = await phoneContext(browser);
  try {
    const page = await openSignedIn(context, server.url, 'hewan');
    assert.equal(await page.$('#install-app'), null, 'nothing offered before the browser offers it');
    // What Chromium sends when the app is installable (headless never does).
    const prevented = await page.evaluate(() => {
      const offer = new Event('beforeinstallprompt', { cancelable: true });
      offer.prompt = () => { window.__prompted = true; return Promise.resolve({ outcome: 'accepted' }); };
      window.dispatchEvent(offer);
      return offer.defaultPrevented;
    });
    assert.equal(prevented, true, "the browser's own mini-bar is held back");
    await page.click('#install-app');
    assert.equal(await page.evaluate(() => window.__prompted), true, 'the install dialog was shown');
    await page.waitForSelector('#install-app', { state: 'detached', timeout: 5_000 });
  } finally {
    await context.close();
    await server.stop();
  }
});
