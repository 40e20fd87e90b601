// The read-only county account's home shows the same executive committees
// (执委名单) as the admin's: it records for no organisation, but reads them all.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { startServer, freshDataDir } from './support/server.mjs';
import { launchBrowser, phoneContext, openSignedIn, syncNow, screenshot } from './support/browser.mjs';

let browser;
before(async () => { browser = await launchBrowser(); });
after(async () => { await browser?.close(); });

/** The organisations whose committee the home screen lists, once pulled. */
async function rosters(page) {
  await syncNow(page);
  return page.$$eval('#roster .roster h3', (hs) => hs.map((h) => h.textContent.trim()));
}

test("the viewer's home lists the committees the admin's does", { timeout: 90_000 }, async () => {
  const server = await startServer({ db: join(freshDataDir(), 'ledger.sqlite3'), args: ['--demo'] });
  const adminCtx = await phoneContext(browser);
  const viewerCtx = await phoneContext(browser);
  try {
    const admin = await rosters(await openSignedIn(adminCtx, server.url, 'admin'));
    assert.ok(admin.length > 0, 'the demo year has committee changes');
    const page = await openSignedIn(viewerCtx, server.url, 'county');
    const viewer = await rosters(page);
    await page.locator('#roster').scrollIntoViewIfNeeded();
    await screenshot(page, 'viewer-roster');
    assert.deepEqual(viewer, admin);
  } finally {
    await adminCtx.close();
    await viewerCtx.close();
    await server.stop();
  }
});
