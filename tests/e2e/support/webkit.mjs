// WebKit (the Safari engine) for the few tests that must see it: Debian's
// WebKitGTK MiniBrowser driven through its W3C WebDriver (webkit2gtk-driver),
// on a virtual display (xvfb-run). Each session has fresh storage.
import { spawn } from 'node:child_process';
import { existsSync, readdirSync } from 'node:fs';
import { createServer } from 'node:net';

/** MiniBrowser, wherever Debian put it for this architecture. */
function miniBrowser() {
  if (process.env.WEBKIT_MINIBROWSER) return process.env.WEBKIT_MINIBROWSER;
  for (const arch of readdirSync('/usr/lib').filter((d) => d.endsWith('-linux-gnu'))) {
    for (const api of ['webkit2gtk-4.1', 'webkit2gtk-4.0', 'webkitgtk-6.0']) {
      const p = `/usr/lib/${arch}/${api}/MiniBrowser`;
      if (existsSync(p)) return p;
    }
  }
  throw new Error('MiniBrowser not found: install webkit2gtk-driver (scripts/setup.sh --browser)');
}

function freePort() {
  return new Promise((resolve) => {
    const s = createServer().listen(0, '127.0.0.1', () => {
      const { port } = s.address();
      s.close(() => resolve(port));
    });
  });
}

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

/**
 * Starts WebKitWebDriver under xvfb-run and opens a browser session.
 * @returns {Promise<{goto: (url: string) => Promise<void>, evaluate: (body: string) => Promise<any>,
 *   waitFor: (body: string, what: string, ms?: number) => Promise<any>, close: () => Promise<void>}>}
 */
export async function startWebKit() {
  const port = await freePort();
  // The web process's sandbox (bubblewrap) cannot start as root in a container.
  const env = { ...process.env, WEBKIT_DISABLE_SANDBOX_THIS_IS_DANGEROUS: '1' };
  const driver = spawn('xvfb-run', ['-a', 'WebKitWebDriver', `--port=${port}`], { detached: true, stdio: 'ignore', env });
  const exited = new Promise((resolve) => driver.once('exit', resolve));
  const base = `http://127.0.0.1:${port}`;
  const call = async (method, path, body) => {
    const res = await fetch(base + path, { method, headers: { 'content-type': 'application/json' }, body: body && JSON.stringify(body) });
    const json = await res.json();
    if (json.value && json.value.error) throw new Error(`WebDriver ${path}: ${json.value.error}: ${json.value.message}`);
    return json.value;
  };
  const stop = async () => {
    try { process.kill(-driver.pid, 'SIGTERM'); } catch { /* gone already */ }
    await exited;
  };
  try {
    for (let i = 0; ; i++) {
      try { await call('GET', '/status'); break; } catch (e) {
        if (i > 100) throw new Error(`WebKitWebDriver did not start: ${e.message}`);
        await sleep(100);
      }
    }
    const session = await call('POST', '/session', { capabilities: { alwaysMatch: {
      'webkitgtk:browserOptions': { binary: miniBrowser(), args: ['--automation'] } } } });
    const s = `/session/${session.sessionId}`;
    /** Runs `body` (a function body; a promise it returns is awaited) in the page. */
    const evaluate = (body) => call('POST', `${s}/execute/sync`, { script: body, args: [] });
    return {
      goto: (url) => call('POST', `${s}/url`, { url }),
      evaluate,
      async waitFor(body, what, ms = 30_000) {
        const end = Date.now() + ms;
        for (;;) {
          const v = await evaluate(body);
          if (v) return v;
          if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
          await sleep(200);
        }
      },
      async close() {
        await call('DELETE', s).catch(() => {});
        await stop();
      },
    };
  } catch (e) {
    await stop();
    throw e;
  }
}
