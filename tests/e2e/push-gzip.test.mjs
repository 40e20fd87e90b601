// The phone gzips its pushes (CompressionStream) where the browser has it,
// and sends them plain where it does not; the server takes both, once each.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { startServer, freshDataDir, serverEntries, apiLogin } from './support/server.mjs';
import { startFaultProxy } from './support/fault-proxy.mjs';
import { launchBrowser, phoneContext, openApp, signIn, addEntry, syncNow } from './support/browser.mjs';

const PUSH = '/api/v1/sync/push';
let browser;
let server;
before(async () => {
  browser = await launchBrowser();
  server = await startServer({ db: join(freshDataDir(), 'ledger.sqlite3'), args: ['--demo'] });
});
after(async () => {
  await browser?.close();
  await server?.stop();
});

/** Records two entries on a fresh phone and syncs; the pushes the proxy saw. */
async function recordAndSync(title, { withoutCompressionStream = false } = {}) {
  const proxy = await startFaultProxy(server.url);
  const context = await phoneContext(browser);
  if (withoutCompressionStream) await context.addInitScript(() => { delete globalThis.CompressionStream; });
  const page = await context.newPage();
  try {
    await openApp(page, proxy.url);
    await signIn(page, 'hewan');
    await context.setOffline(true);
    await addEntry(page, { title: `${title}一`, kind: 'legal_awareness', counts: { sessions: '1', beneficiaries: '120' } });
    await addEntry(page, { title: `${title}二`, kind: 'skills_training', counts: { sessions: '1', trained: '40' } });
    await context.setOffline(false);
    await syncNow(page);
    const held = await serverEntries(server.url, await apiLogin(server.url, 'admin'));
    assert.deepEqual(held.filter((e) => e.title.startsWith(title)).map((e) => e.title).sort(), [`${title}一`, `${title}二`]);
    return proxy.log.filter((r) => r.path.startsWith(PUSH) && r.method === 'POST');
  } finally {
    await context.close();
    await proxy.close();
  }
}

test('a push goes gzip-compressed where the browser has CompressionStream', { timeout: 90_000 }, async () => {
  const pushes = await recordAndSync('压缩推送');
  assert.ok(pushes.length >= 1);
  for (const p of pushes) assert.equal(p.encoding, 'gzip', JSON.stringify(p));
  // The gzip magic number: the body really is compressed, not just labelled.
  for (const p of pushes) assert.equal(p.head, '1f8b', JSON.stringify(p));
});

test('without CompressionStream a push goes plain and is taken the same', { timeout: 90_000 }, async () => {
  const pushes = await recordAndSync('明文推送', { withoutCompressionStream: true });
  assert.ok(pushes.length >= 1);
  for (const p of pushes) {
    assert.equal(p.encoding, null, JSON.stringify(p));
    assert.equal(p.head, '7b22', JSON.stringify(p)); // '{"'
  }
});
