// Fills a running server with many entries through the API, fast: realistic
// entries made by `shared/examples/device_records.rs --wire` (one
// organisation, spread evenly backwards from today), pushed in batches of
// 200 by one new device of the demo admin. For tests and the benchmark of a
// first sign-in on a deployment with history.
import { apiDevice, apiPost } from './server.mjs';
import { deviceRecords } from '../../bench/records.mjs';

/**
 * Pushes `count` entries, `perYear` a year back from today, and resolves
 * with the number of entries the server took.
 */
export async function seedEntries(baseUrl, { count, perYear }) {
  const entries = deviceRecords(['--wire', '--count', String(count), '--per-year', String(perYear), '--until', 'today']);
  const { deviceId, token } = await apiDevice(baseUrl, 'admin');
  let taken = 0;
  for (let i = 0; i < entries.length; i += 200) {
    const changes = entries.slice(i, i + 200).map((entry, j) => ({ seq: i + j + 1, op: { create: { entry } } }));
    const res = await apiPost(baseUrl, token, '/api/v1/sync/push', { device_id: deviceId, changes });
    const applied = res.receipts.filter((r) => r.status === 'applied').length;
    if (applied !== changes.length) throw new Error(`batch at ${i}: ${JSON.stringify(res.receipts.find((r) => r.status !== 'applied'))}`);
    taken += applied;
  }
  return taken;
}

/** UTF-16 code units of every localStorage key and value under `prefix`, and how many keys. */
export async function storageUse(page, prefix = '') {
  return page.evaluate((p) => {
    let units = 0;
    let keys = 0;
    for (let i = 0; i < localStorage.length; i++) {
      const k = localStorage.key(i);
      if (!k.startsWith(p)) continue;
      keys += 1;
      units += k.length + (localStorage.getItem(k) ?? '').length;
    }
    return { units, keys };
  }, prefix);
}
