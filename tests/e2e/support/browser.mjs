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

/** Opens the form of a new entry of `kind` from the home screen. */
export async function openNewEntry(page, kind) {
  if (!(await page.isVisible('#record-activity'))) await page.click('#tab-home');
  await page.click('#record-activity');
  await page.click(`#kind-picker .kind-tile[data-kind="${kind}"] >> nth=-1`);
  await page.waitForSelector(`#entry-form[data-kind="${kind}"]`);
}

/**
 * Records one entry through the app as a cadre would: home → "记录活动" →
 * the kind's tile → the form → save. Resolves when the app is back on the
 * home screen saying it is saved. `counts` are typed into the kind's count
 * inputs (`sessions`/`participants` are shorthands for a lecture's).
 */
export async function addEntry(page, { title, kind = 'lecture', org, place = '河湾社区', date, sessions = '1', participants = '80', counts, note = '', person, change, replaces, level, endDate }) {
  if (!(await page.isVisible('#record-activity'))) await page.click('#tab-home');
  await page.click('#record-activity');
  await page.click(`#kind-picker .kind-tile[data-kind="${kind}"] >> nth=-1`);
  await page.waitForSelector(`#entry-form[data-kind="${kind}"]`);
  if (org) await page.selectOption('#org', org);
  await page.fill('#title', title);
  if (date) await page.fill('#date', date);
  await page.fill('#place', place);
  if (level) await page.selectOption('#level', level);
  if (endDate) await page.fill('#end_date', endDate);
  const typed = counts ?? { sessions, participants };
  for (const [key, value] of Object.entries(typed)) {
    if (await page.isVisible(`#count-${key}`)) await page.fill(`#count-${key}`, String(value));
  }
  if (person) await page.fill('#person', person);
  if (change) await page.check(`#change-${change}`);
  if (replaces) await page.fill('#replaces', replaces);
  if (note) await page.fill('#note', note);
  await page.click('#entry-form button[type=submit]');
  try {
    await page.waitForSelector('#record-activity', { timeout: 5_000 });
  } catch (e) {
    const said = await page.$$eval('#form-status, .field-error', (els) => els.map((el) => el.textContent).join(' | '));
    throw new Error(`the entry was not saved: ${said}`);
  }
  await page.waitForSelector('#flash:not([hidden])', { timeout: 5_000 });
}

/** Opens the entry titled `title` from the history for editing. */
export async function openEntry(page, title) {
  await page.click('#tab-history');
  await page.fill('#search', title);
  await page.click(`#entry-list li.entry:has-text("${title}") .entry-open`);
  await page.waitForSelector('#entry-form[data-editing="true"]');
}

/** Edits the entry titled `title`: `fill` maps input ids to new values. */
export async function editEntry(page, title, fill) {
  await openEntry(page, title);
  for (const [id, value] of Object.entries(fill)) await page.fill(`#${id}`, value);
  await page.click('#entry-form button[type=submit]');
  await page.waitForSelector('#flash:not([hidden])');
}

/** Syncs now and waits until nothing is pending and the run is over. */
export async function syncNow(page) {
  if (!(await page.isVisible('#sync-now'))) await page.click('#tab-home');
  await page.click('#sync-now');
  await page.waitForFunction(() => {
    const button = document.querySelector('#sync-now');
    return button && button.getAttribute('aria-busy') === 'false' && document.querySelector('#pending-count')?.textContent.trim() === '0';
  }, null, { timeout: 20_000 });
}

/** The entries recorded on this phone that the page lists (not those
 * pulled from the server): id, status and title text. */
export async function listedEntries(page) {
  return page.$$eval('li.entry[data-origin="device"]', (lis) => lis.map((li) => ({ id: li.dataset.id, status: li.dataset.status, text: li.textContent })));
}

/** Waits until no sync run is under way and no entry is being sent: what
 * the list then shows is what happened, not what is being tried. */
export async function waitSettled(page, timeout = 20_000) {
  await page.waitForFunction(() => {
    const button = document.querySelector('#sync-now');
    return button && button.getAttribute('aria-busy') === 'false'
      && !document.querySelector('li.entry[data-status="sending"]');
  }, null, { timeout });
}

/** How many lines the text of `selector` is laid out on (its text nodes'
 * boxes, by their vertical position). */
export async function textLines(page, selector) {
  return page.$eval(selector, (el) => {
    const tops = [];
    const walker = document.createTreeWalker(el, NodeFilter.SHOW_TEXT);
    for (let node = walker.nextNode(); node; node = walker.nextNode()) {
      if (!node.textContent.trim()) continue;
      const range = document.createRange();
      range.selectNodeContents(node);
      for (const r of range.getClientRects()) {
        if (r.width > 0 && !tops.some((t) => Math.abs(t - r.top) < r.height / 2)) tops.push(r.top);
      }
    }
    return tops.length;
  });
}

export async function pendingCount(page) {
  return Number((await page.textContent('#pending-count')).trim());
}

/** Waits until nothing is pending and every listed entry is received. */
export async function waitAllReceived(page, timeout = 20_000) {
  await page.waitForFunction(() => {
    const pending = document.querySelector('#pending-count');
    const lis = [...document.querySelectorAll('li.entry[data-origin="device"]')];
    return pending && pending.textContent.trim() === '0' && lis.length > 0 && lis.every((li) => li.dataset.status === 'received');
  }, null, { timeout });
}

export async function screenshot(page, name, { fullPage = true } = {}) {
  mkdirSync(ARTIFACTS, { recursive: true });
  const path = join(ARTIFACTS, `${name}.png`);
  await page.screenshot({ path, fullPage });
  return path;
}
