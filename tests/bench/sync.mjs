// Browser benchmark of a sync: one phone (the real app in headless Chromium
// at phone size) holding 10,000 entries recorded offline — a cadre back after
// a month without signal — syncs them to the real server (SQLite, `serve
// --demo`). Prints the time from the tap to nothing waiting, and the bytes on
// the wire per entry: request and response bodies as they travel, counted by
// a proxy between browser and server (requests as the app sends them,
// responses compressed by the server because the browser asks for it). A
// benchmark, not a test: it exits 0 whatever the figures.
//
//   (cd tests && JINGUO_SERVER_BIN=../target/server/server node bench/sync.mjs)
//
// The entries and their outbox items are made in the exact storage layout by
// `shared/examples/device_records.rs --pending` (JINGUO_DEVICE_RECORDS_BIN,
// else `cargo run --release`).
import { join } from 'node:path';
import { startServer, freshDataDir, apiLogin, serverEntries } from '../e2e/support/server.mjs';
import { startFaultProxy } from '../e2e/support/fault-proxy.mjs';
import { launchBrowser, phoneContext, openApp, signIn, waitReady } from '../e2e/support/browser.mjs';
import { deviceRecords } from './records.mjs';

const COUNT = Number(process.env.JINGUO_SYNC_ENTRIES ?? 10_000);
const NS = 'jg:u:hewan';

function pendingRecords() {
  return deviceRecords(['--ns', NS, '--count', String(COUNT), '--until', 'today', '--pending']);
}

const server = await startServer({ db: join(freshDataDir(), 'ledger.sqlite3'), args: ['--demo'] });
const proxy = await startFaultProxy(server.url);
const browser = await launchBrowser();
try {
  const context = await phoneContext(browser);
  const page = await context.newPage();
  await openApp(page, proxy.url);
  await signIn(page, 'hewan');
  await page.click('#sync-now');
  await page.waitForFunction(() => document.querySelector('#sync-now')?.getAttribute('aria-busy') === 'false');
  await context.setOffline(true);

  const records = pendingRecords();
  await page.evaluate(({ records, count, ns }) => {
    const meta = JSON.parse(localStorage.getItem(`${ns}:meta`));
    if (meta.next_seq !== 1) throw new Error(`unexpected device record ${JSON.stringify(meta)}`);
    for (const [k, v] of Object.entries(records)) localStorage.setItem(k, v);
    Object.assign(meta, { next_seq: count + 1, acked_seq: 0, sent_through: 0 });
    localStorage.setItem(`${ns}:meta`, JSON.stringify(meta));
  }, { records, count: COUNT, ns: NS });
  await page.reload();
  await waitReady(page);
  const waiting = Number((await page.textContent('#pending-count')).trim());
  if (waiting !== COUNT) throw new Error(`${waiting} waiting, wanted ${COUNT}`);

  for (const k of Object.keys(proxy.bytes)) delete proxy.bytes[k];
  await context.setOffline(false);
  const started = Date.now();
  // A large outbox shows its progress while it drains.
  const progress = page.waitForSelector('#sync-progress', { timeout: 120_000 })
    .then((el) => el.textContent(), () => null);
  await page.click('#sync-now');
  await page.waitForFunction(() => document.querySelector('#pending-count')?.textContent.trim() === '0'
    && document.querySelector('#sync-now')?.getAttribute('aria-busy') === 'false', null, { timeout: 600_000, polling: 200 });
  const took = Date.now() - started;
  const progressText = await progress;

  const held = (await serverEntries(server.url, await apiLogin(server.url, 'admin')));
  const stored = held.length;
  const push = proxy.bytes['/api/v1/sync/push'] ?? { requests: 0, up: 0, down: 0 };
  const pull = proxy.bytes['/api/v1/sync/pull'] ?? { requests: 0, up: 0, down: 0 };
  const rows = [
    ['entries synced (one phone, offline before)', `${COUNT}`],
    ['time, tap -> nothing waiting (push and pull)', `${(took / 1000).toFixed(1)} s`],
    ['time per entry', `${(took / COUNT).toFixed(2)} ms`],
    ['push requests (batches of 200)', `${push.requests}`],
    ['push bytes per entry: up / down', `${(push.up / COUNT).toFixed(0)} / ${(push.down / COUNT).toFixed(0)} B`],
    ['pull requests', `${pull.requests}`],
    ['pull bytes per entry, down', `${(pull.down / COUNT).toFixed(0)} B`],
    ['all sync bytes per entry', `${((push.up + push.down + pull.up + pull.down) / COUNT).toFixed(0)} B`],
    ['entries on the server afterwards (demo included)', `${stored}`],
    ['progress shown while draining', progressText ?? '(not seen)'],
  ];
  console.log('Sync: 10,000 entries from one phone (browser, real server, SQLite)');
  for (const [k, v] of rows) console.log(`  ${k.padEnd(52)} ${v}`);
} finally {
  await browser.close();
  await proxy.close();
  await server.stop();
}
