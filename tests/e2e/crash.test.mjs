// Crash safety: devices push under load, the server is killed with SIGKILL
// mid-way and started again on the same database. Every change the server
// acknowledged is there; the devices then resend what was not acknowledged
// and every entry is stored exactly once.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { join } from 'node:path';
import { startServer, freshDataDir, apiDevice, apiLogin, serverEntries } from './support/server.mjs';

const HEWAN_ORG = '01900000-0000-7000-8000-000000000010';
const DEVICES = 6;
const PER_DEVICE = 100;
const BATCH = 5;

function lecture(n) {
  const now = Date.now();
  return {
    id: randomUUID(), org_id: HEWAN_ORG, kind: 'lecture', title: `压力测试宣讲${n}（测试）`,
    date: '2025-06-01', place: '河湾社区', level: 'village',
    counts: { sessions: 1, participants: 10 + (n % 50) }, note: '', created_ms: now, updated_ms: now,
  };
}

/** A device as the protocol sees it: numbered changes, what was acknowledged. */
function device(login) {
  return { ...login, changes: [], acked: 0, ackedIds: new Set() };
}

/** Pushes the device's unacknowledged changes once; false if the server did not answer. */
async function pushOnce(url, dev) {
  const changes = dev.changes.slice(dev.acked, dev.acked + BATCH);
  if (changes.length === 0) return true;
  let body;
  try {
    const res = await fetch(`${url}/api/v1/sync/push`, {
      method: 'POST',
      headers: { authorization: `Bearer ${dev.token}`, 'content-type': 'application/json' },
      body: JSON.stringify({ device_id: dev.deviceId, changes }),
    });
    if (!res.ok) return false;
    body = await res.json();
  } catch {
    return false; // killed mid-request
  }
  for (const r of body.receipts) {
    assert.equal(r.status, 'applied', JSON.stringify(r));
    const change = dev.changes[r.seq - 1];
    dev.ackedIds.add(change.op.create.entry.id);
    dev.acked = Math.max(dev.acked, r.seq);
  }
  return true;
}

test('a server killed with SIGKILL under load keeps every acknowledged change', { timeout: 120_000 }, async () => {
  const db = join(freshDataDir(), 'ledger.sqlite3');
  let server = await startServer({ db, args: ['--demo'] });
  const devices = [];
  for (let i = 0; i < DEVICES; i++) devices.push(device(await apiDevice(server.url, 'hewan')));
  let n = 0;
  for (const dev of devices) {
    for (let k = 0; k < PER_DEVICE; k++) {
      n += 1;
      dev.changes.push({ seq: dev.changes.length + 1, op: { create: { entry: lecture(n) } } });
    }
  }

  // Load: every device pushes batch after batch; once a third of all changes
  // is acknowledged, the server is killed while the pushes go on.
  let killed = null;
  const acknowledged = () => devices.reduce((s, d) => s + d.acked, 0);
  const load = devices.map(async (dev) => {
    while (dev.acked < dev.changes.length) {
      if (!(await pushOnce(server.url, dev))) break;
      if (!killed && acknowledged() >= n / 3) killed = server.kill();
    }
  });
  await Promise.all(load);
  await killed;
  const ackedBefore = acknowledged();
  const acked = devices.flatMap((d) => [...d.ackedIds]);
  assert.ok(acked.length > 0, 'some changes were acknowledged before the kill');
  assert.ok(acked.length < n, 'the kill came before the end');

  // Restarted on the same file: everything acknowledged is there.
  server = await startServer({ db, port: server.port, args: ['--demo'] });
  try {
    const admin = await apiLogin(server.url, 'admin');
    let held = new Set((await serverEntries(server.url, admin)).map((e) => e.id));
    for (const id of acked) assert.ok(held.has(id), `acknowledged entry ${id} survived`);

    // The devices resend the rest; each entry is stored once.
    for (const dev of devices) {
      while (dev.acked < dev.changes.length) assert.ok(await pushOnce(server.url, dev));
    }
    const all = (await serverEntries(server.url, admin)).filter((e) => e.title.startsWith('压力测试宣讲'));
    assert.equal(all.length, n, 'every entry once');
    assert.equal(new Set(all.map((e) => e.id)).size, n);
    console.log(`# acknowledged before the kill: ${ackedBefore} of ${n} changes`);
  } finally {
    await server.stop();
  }
});
