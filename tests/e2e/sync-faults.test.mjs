// A bounded randomized run of 1,000 sync rounds through a proxy that drops
// requests, loses answers after the server committed, delays and sends
// requests twice. The phone records and edits entries meanwhile. At the end,
// with the network healed: 0 entries lost, 0 duplicated, and the phone and
// the server agree on every entry.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { startServer, freshDataDir, serverEntries, apiLogin } from './support/server.mjs';
import { startFaultProxy, seeded } from './support/fault-proxy.mjs';
import { launchBrowser, phoneContext, openApp, signIn, addEntry, editEntry } from './support/browser.mjs';

const ROUNDS = Number(process.env.JINGUO_SYNC_ROUNDS ?? 1000);
const SEED = Number(process.env.JINGUO_SYNC_SEED ?? 20261129);

let browser;
before(async () => { browser = await launchBrowser(); });
after(async () => { await browser?.close(); });

/** One sync round: the button, then wait until the run is over. */
async function round(page) {
  await page.click('#sync-now');
  await page.waitForFunction(() => document.querySelector('#sync-now')?.getAttribute('aria-busy') === 'false', null, { timeout: 20_000 });
}

test(`${ROUNDS} sync rounds through a faulty network: nothing lost, nothing twice`, { timeout: 900_000 }, async () => {
  const server = await startServer({ db: join(freshDataDir(), 'ledger.sqlite3'), args: ['--demo'] });
  const proxy = await startFaultProxy(server.url);
  const context = await phoneContext(browser);
  const page = await context.newPage();
  const random = seeded(SEED);
  const titles = [];
  const edited = new Map();
  try {
    await openApp(page, proxy.url);
    await signIn(page, 'hewan');
    proxy.setFaults({ prefix: '/api/v1/sync/', random, delayMs: 60 });
    for (let i = 0; i < ROUNDS; i++) {
      const r = random();
      if (r < 0.2) {
        const title = `故障网络记录${titles.length + 1}（测试）`;
        titles.push(title);
        await addEntry(page, { title, participants: String(10 + (i % 90)) });
      } else if (r < 0.23 && titles.length > 0) {
        const title = titles[Math.floor(random() * titles.length)];
        const place = `改过的地点${i}`;
        await editEntry(page, title, { place });
        edited.set(title, place);
        await page.click('#tab-home');
      }
      await round(page);
    }

    // The network heals; a few rounds finish what waits.
    proxy.setFaults(null);
    for (let i = 0; i < 5; i++) await round(page);
    assert.equal((await page.textContent('#pending-count')).trim(), '0');

    const admin = await apiLogin(server.url, 'admin');
    const held = (await serverEntries(server.url, admin)).filter((e) => e.title.endsWith('（测试）'));
    assert.equal(held.length, titles.length, 'no entry lost, none twice');
    assert.equal(new Set(held.map((e) => e.id)).size, held.length);
    assert.deepEqual(held.map((e) => e.title).sort(), [...titles].sort());
    for (const [title, place] of edited) {
      assert.equal(held.find((e) => e.title === title).place, place, `the last edit of ${title}`);
    }
    await page.click('#tab-history');
    // The history keeps its search from the last edit (openEntry typed a title).
    await page.fill('#search', '');
    while (await page.isVisible('#show-more')) await page.click('#show-more');
    const listed = await page.$$eval('#entry-list li.entry', (lis) => lis.map((li) => ({ id: li.dataset.id, status: li.dataset.status })));
    const mine = listed.filter((e) => held.some((h) => h.id === e.id));
    assert.equal(mine.length, held.length);
    assert.ok(mine.every((e) => e.status === 'received'));
    const c = proxy.counts;
    console.log(`# ${ROUNDS} rounds, ${titles.length} entries, ${edited.size} edited; sync requests ${c.requests}: ` +
      `${c.droppedRequests} dropped, ${c.droppedResponses} answers lost, ${c.duplicated} sent twice, ${c.delayed} delayed`);
  } finally {
    await context.close();
    await proxy.close();
    await server.stop();
  }
});
