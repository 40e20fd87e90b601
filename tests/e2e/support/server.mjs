// Starts the real server binary (JINGUO_SERVER_BIN) on a loopback port with its
// own SQLite file, and reads the URL from its start-up line.
import { spawn } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const BIN = process.env.JINGUO_SERVER_BIN;
/** Data directories made by this test file, removed at exit. */
const dataDirs = new Set();

/**
 * A fresh directory for one test's database, removed when the test file's
 * process exits (set JINGUO_KEEP_TMP=1 to keep it for a post-mortem).
 */
export function freshDataDir() {
  const dir = mkdtempSync(join(tmpdir(), 'jinguo-e2e-'));
  if (!process.env.JINGUO_KEEP_TMP) {
    if (dataDirs.size === 0) {
      process.once('exit', () => { for (const d of dataDirs) rmSync(d, { recursive: true, force: true }); });
    }
    dataDirs.add(dir);
  }
  return dir;
}

/**
 * Starts `server serve` and resolves once it listens.
 * @param {{db: string, port?: number, args?: string[]}} opts
 * @returns {Promise<{url: string, port: number, stop: () => Promise<void>, kill: () => Promise<void>}>}
 */
export async function startServer({ db, port = 0, args = [] }) {
  if (!BIN) throw new Error('JINGUO_SERVER_BIN is not set (scripts/test.sh sets it)');
  const child = spawn(BIN, ['serve', '--listen', `127.0.0.1:${port}`, '--db', db, ...args], {
    stdio: ['ignore', 'pipe', 'pipe'],
    env: { ...process.env, RUST_LOG: process.env.RUST_LOG ?? 'warn' },
  });
  let stderr = '';
  child.stderr.on('data', (d) => { stderr += d; });
  const exited = new Promise((resolve) => child.once('exit', resolve));
  const url = await new Promise((resolve, reject) => {
    let out = '';
    const timer = setTimeout(() => reject(new Error(`server did not start in 20 s\n${stderr}`)), 20_000);
    child.stdout.on('data', (d) => {
      out += d;
      const m = out.match(/listening on (http:\/\/\S+)/);
      if (m) { clearTimeout(timer); resolve(m[1]); }
    });
    child.once('exit', (code) => { clearTimeout(timer); reject(new Error(`server exited ${code}\n${stderr}`)); });
  });
  const stopWith = (signal) => async () => {
    if (child.exitCode === null && child.signalCode === null) child.kill(signal);
    await exited;
  };
  return { url, port: Number(new URL(url).port), stop: stopWith('SIGTERM'), kill: stopWith('SIGKILL') };
}

/** The password of every demo account (`serve --demo`). */
export const DEMO_PASSWORD = 'jinguo2026';

/** Signs in through the API (as a throwaway device) and returns the bearer token. */
export async function apiLogin(baseUrl, username, password = DEMO_PASSWORD) {
  return (await apiDevice(baseUrl, username, password)).token;
}

/** Signs in as a new device: its id and bearer token. */
export async function apiDevice(baseUrl, username, password = DEMO_PASSWORD) {
  const deviceId = randomUUID();
  const res = await fetch(`${baseUrl}/api/v1/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ username, password, device_id: deviceId, device_label: 'e2e test' }),
  });
  if (!res.ok) throw new Error(`login as ${username} failed: ${res.status} ${await res.text()}`);
  return { deviceId, token: (await res.json()).token };
}

/** A GET of the API as `token`, parsed. */
export async function apiGet(baseUrl, token, path) {
  const res = await fetch(`${baseUrl}${path}`, { headers: { authorization: `Bearer ${token}` } });
  if (!res.ok) throw new Error(`GET ${path}: ${res.status} ${await res.text()}`);
  return res.json();
}

/** A POST to the API as `token` (with a JSON body if one is given), parsed. */
export async function apiPost(baseUrl, token, path, body) {
  const headers = { authorization: `Bearer ${token}` };
  if (body !== undefined) headers['content-type'] = 'application/json';
  const res = await fetch(`${baseUrl}${path}`, { method: 'POST', headers, body: body === undefined ? undefined : JSON.stringify(body) });
  if (!res.ok) throw new Error(`POST ${path}: ${res.status} ${await res.text()}`);
  return res.json();
}

/** Every entry the server shows to `token`'s account (all pages of the listing). */
export async function serverEntries(baseUrl, token) {
  const all = [];
  let after = 0;
  for (;;) {
    const res = await fetch(`${baseUrl}/api/v1/entries?after=${after}&limit=1000`, { headers: { authorization: `Bearer ${token}` } });
    if (!res.ok) throw new Error(`listing failed: ${res.status} ${await res.text()}`);
    const page = await res.json();
    all.push(...page.entries);
    if (page.next_after == null) return all;
    after = page.next_after;
  }
}
