// Debian's Chromium, headless, driven by playwright-core. The flags keep it
// off the (closed) network and let it run as root.
import { chromium } from 'playwright-core';
import { mkdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const ARTIFACTS = join(dirname(fileURLToPath(import.meta.url)), '..', '..', 'artifacts');

export async function launchBrowser() {
  return chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    args: [
      '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
      '--disable-background-networking', '--disable-component-update', '--disable-sync',
    ],
  });
}

/** A phone-sized browser context (390×844), Chinese locale, its own storage. */
export async function phoneContext(browser) {
  return browser.newContext({ viewport: { width: 390, height: 844 }, locale: 'zh-CN', deviceScaleFactor: 2, isMobile: true, hasTouch: true });
}

/** Opens `url` and waits until the app has mounted and opened its store. */
export async function openApp(page, url) {
  await page.goto(url);
  await waitReady(page);
}

export async function waitReady(page) {
  await page.waitForSelector('html[data-app="ready"]', { timeout: 15_000 });
}

/** Waits until a service worker controls the page (needed before going offline). */
export async function waitForServiceWorker(page) {
  await page.waitForFunction(() => navigator.serviceWorker && navigator.serviceWorker.controller !== null, null, { timeout: 15_000 });
}

/** Signs in through the sign-in screen and waits for the app behind it. */
export async function signIn(page, username, password = 'jinguo2026') {
  await page.waitForSelector('#login-form', { timeout: 15_000 });
  await page.fill('#username', username);
  await page.fill('#password', password);
  await page.click('#login-form button[type=submit]');
  await page.waitForSelector('#signout', { timeout: 15_000 });
}

/** Opens the app at `url` in a new page of `context` and signs in. */
export async function openSignedIn(context, url, username, password) {
  const page = await context.newPage();
  await openApp(page, url);
  await signIn(page, username, password);
  return page;
}

/** Fills and submits the entry form; resolves when the page says it is saved. */
export async function addEntry(page, { title, kind, org, place = '河湾社区', sessions = '1', participants = '80', note = '' }) {
  if (kind) await page.selectOption('#kind', kind);
  if (org) await page.selectOption('#org', org);
  await page.fill('#title', title);
  await page.fill('#place', place);
  await page.fill('#sessions', sessions);
  await page.fill('#participants', participants);
  if (note) await page.fill('#note', note);
  const before = await page.locator('li.entry').count();
  await page.click('#entry-form button[type=submit]');
  await page.waitForFunction((n) => document.querySelectorAll('li.entry').length === n + 1, before, { timeout: 5_000 });
}

/** The entries the page lists: id, status and title text. */
export async function listedEntries(page) {
  return page.$$eval('li.entry', (lis) => lis.map((li) => ({ id: li.dataset.id, status: li.dataset.status, text: li.textContent })));
}

export async function pendingCount(page) {
  return Number((await page.textContent('#pending-count')).trim());
}

/** Waits until nothing is pending and every listed entry is received. */
export async function waitAllReceived(page, timeout = 20_000) {
  await page.waitForFunction(() => {
    const pending = document.querySelector('#pending-count');
    const lis = [...document.querySelectorAll('li.entry')];
    return pending && pending.textContent.trim() === '0' && lis.length > 0 && lis.every((li) => li.dataset.status === 'received');
  }, null, { timeout });
}

export async function screenshot(page, name) {
  mkdirSync(ARTIFACTS, { recursive: true });
  const path = join(ARTIFACTS, `${name}.png`);
  await page.screenshot({ path, fullPage: true });
  return path;
}
