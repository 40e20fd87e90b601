// Where the browser cannot keep the app for use without a network, the first
// screen says so and how to fix it: no service worker (WeChat's in-app
// browser on an iPhone), storage the browser will not keep (a private
// window), and — in the page itself, as the app cannot start — WebAssembly
// switched off (iOS Lockdown Mode).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { startServer, freshDataDir } from './support/server.mjs';
import { launchBrowser, phoneContext, openApp, signIn, screenshot } from './support/browser.mjs';

let browser;
let server;
before(async () => {
  browser = await launchBrowser();
  server = await startServer({ db: join(freshDataDir(), 'ledger.sqlite3'), args: ['--demo'] });
});
after(async () => {
  await server?.stop();
  await browser?.close();
});

/** Opens the app in a fresh phone context whose pages run `init` first. */
async function openWith(init) {
  const context = await phoneContext(browser);
  if (init) await context.addInitScript(init);
  const page = await context.newPage();
  return { context, page };
}

async function checked(page) {
  await page.waitForSelector('html[data-offline-check="done"]', { state: 'attached' });
}

test('a browser that keeps the app says nothing', { timeout: 60_000 }, async () => {
  const { context, page } = await openWith(null);
  try {
    await openApp(page, server.url);
    await checked(page);
    assert.equal(await page.$('.offline-notice'), null);
    assert.equal(await page.isVisible('#start-failed'), false);
  } finally {
    await context.close();
  }
});

test('no service worker: the sign-in and home screens say so, in both languages', { timeout: 60_000 }, async () => {
  const { context, page } = await openWith(() => { delete Navigator.prototype.serviceWorker; });
  try {
    await openApp(page, server.url);
    await page.waitForSelector('#offline-unsupported');
    assert.match(await page.textContent('#offline-unsupported'), /添加到主屏幕/);
    assert.equal(await page.$('#storage-not-kept'), null, 'the storage is kept');
    await screenshot(page, 'offline-unsupported');
    await page.click('#lang-toggle');
    await page.waitForFunction(() => /add it to the home screen/.test(document.querySelector('#offline-unsupported')?.textContent ?? ''));
    await page.click('#lang-toggle');
    await signIn(page, 'hewan');
    await page.waitForSelector('#offline-unsupported');
    assert.match(await page.textContent('#offline-unsupported'), /没有网络时将打不开/);
  } finally {
    await context.close();
  }
});

test('storage the browser will not keep (a private window): said too', { timeout: 60_000 }, async () => {
  // What Safari and Firefox do in a private window: the site's file system is refused.
  const { context, page } = await openWith(() => {
    StorageManager.prototype.getDirectory = () => Promise.reject(new DOMException('private', 'SecurityError'));
  });
  try {
    await openApp(page, server.url);
    await page.waitForSelector('#storage-not-kept');
    assert.match(await page.textContent('#storage-not-kept'), /无痕|隐私/);
    assert.equal(await page.$('#offline-unsupported'), null);
  } finally {
    await context.close();
  }
});

test('WebAssembly switched off: the page itself says why and what to do', { timeout: 60_000 }, async () => {
  const { context, page } = await openWith(() => { delete globalThis.WebAssembly; });
  try {
    await page.goto(server.url);
    await page.waitForSelector('#start-failed', { state: 'visible' });
    const text = await page.textContent('#start-failed');
    assert.match(text, /无法在这个浏览器中启动/);
    assert.match(text, /添加到主屏幕/);
    assert.match(text, /add it to the home screen/);
    assert.equal(await page.getAttribute('html', 'data-app'), null, 'the app did not start');
    await screenshot(page, 'start-failed');
  } finally {
    await context.close();
  }
});
