// Device records in the exact storage layout, from
// `shared/examples/device_records.rs` (JINGUO_DEVICE_RECORDS_BIN, else
// `cargo run --release`), for seeding a real browser's localStorage.
import { execFileSync } from 'node:child_process';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..', '..');

/** Records `{ key: value }` made with the example's `args`. */
export function deviceRecords(args) {
  const bin = process.env.JINGUO_DEVICE_RECORDS_BIN;
  const opts = { cwd: ROOT, maxBuffer: 512 * 1024 * 1024, encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'] };
  const out = bin
    ? execFileSync(bin, args, opts)
    : execFileSync('cargo', ['run', '--release', '-q', '-p', 'shared', '--example', 'device_records', '--', ...args], opts);
  return JSON.parse(out);
}
