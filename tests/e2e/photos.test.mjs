// Photos as evidence, at phone size: offline, a lecture is recorded with
// three photos (made by the test; one carries EXIF orientation 6 and a GPS
// position), the page is reloaded offline and the thumbnails are still
// there; back online through a proxy that cuts uploads mid-way (an answer
// lost after the server took a chunk, one of them at the last chunk), every
// photo reaches the server once, byte-identical to what the phone kept in
// IndexedDB, without EXIF or GPS, upright, only the rest sent after a cut.
// And without IndexedDB, the form says so and the entry saves without photos.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { join, dirname } from 'node:path';
import { readdirSync, statSync } from 'node:fs';
import { startServer, freshDataDir, serverEntries, apiLogin } from './support/server.mjs';
import { startFaultProxy } from './support/fault-proxy.mjs';
import { assertAccessible } from './support/axe.mjs';
import {
  launchBrowser, phoneContext, openApp, signIn, waitReady, waitForServiceWorker, openNewEntry,
  openEntry, screenshot,
} from './support/browser.mjs';

const CHUNK = 64 * 1024; // shared::photo::upload::CHUNK_BYTES
let browser;
before(async () => { browser = await launchBrowser(); });
after(async () => { await browser?.close(); });

/** An EXIF APP1 segment (big-endian TIFF): IFD0 with Orientation and a
 * pointer to a GPS IFD holding a latitude and a longitude. */
function exifSegment(orientation) {
  const b = Buffer.alloc(200);
  let o = 0;
  const u16 = (v) => { b.writeUInt16BE(v, o); o += 2; };
  const u32 = (v) => { b.writeUInt32BE(v, o); o += 4; };
  b.write('MM', 0, 'latin1'); o = 2; u16(42); u32(8);
  // IFD0 at 8: two entries.
  u16(2);
  u16(0x0112); u16(3); u32(1); u16(orientation); u16(0); // Orientation, SHORT
  u16(0x8825); u16(4); u32(1); u32(38);                  // GPS IFD pointer, LONG
  u32(0);                                                // no next IFD
  // GPS IFD at 38: four entries, rationals after it (at 38 + 2 + 4*12 + 4 = 92).
  u16(4);
  u16(0x0001); u16(2); u32(2); b.write('N\0', o, 'latin1'); o += 4;  // GPSLatitudeRef
  u16(0x0002); u16(5); u32(3); u32(92);                               // GPSLatitude
  u16(0x0003); u16(2); u32(2); b.write('E\0', o, 'latin1'); o += 4;  // GPSLongitudeRef
  u16(0x0004); u16(5); u32(3); u32(116);                              // GPSLongitude
  u32(0);
  for (const v of [35, 1, 30, 1, 1234, 100, 117, 1, 38, 1, 4321, 100]) u32(v);
  const tiff = b.subarray(0, o);
  const body = Buffer.concat([Buffer.from('Exif\0\0', 'latin1'), tiff]);
  const head = Buffer.alloc(4);
  head.writeUInt16BE(0xffe1, 0);
  head.writeUInt16BE(body.length + 2, 2);
  return Buffer.concat([head, body]);
}

/** `jpeg` with an EXIF segment right after its SOI marker. */
function withExif(jpeg, orientation) {
  assert.equal(jpeg.readUInt16BE(0), 0xffd8);
  return Buffer.concat([jpeg.subarray(0, 2), exifSegment(orientation), jpeg.subarray(2)]);
}

/** Width and height from a JPEG's SOF marker. */
function jpegSize(bytes) {
  let i = 2;
  while (i < bytes.length) {
    const marker = bytes.readUInt16BE(i);
    const len = bytes.readUInt16BE(i + 2);
    if (marker >= 0xffc0 && marker <= 0xffc3) {
      return { height: bytes.readUInt16BE(i + 5), width: bytes.readUInt16BE(i + 7) };
    }
    i += 2 + len;
  }
  throw new Error('no SOF marker');
}

/** A camera-like JPEG drawn in the page: `w`×`h` pixels, a red top-left
 * quarter (to see which way is up) over noise (so that it is several chunks
 * even compressed). */
async function drawnJpeg(page, w, h, seed) {
  const b64 = await page.evaluate(({ w, h, seed }) => {
    const c = document.createElement('canvas');
    c.width = w; c.height = h;
    const ctx = c.getContext('2d');
    const img = ctx.createImageData(w, h);
    let s = seed;
    for (let i = 0; i < img.data.length; i += 4) {
      s = (s * 1103515245 + 12345) >>> 0;
      img.data[i] = s & 255; img.data[i + 1] = (s >> 8) & 255; img.data[i + 2] = (s >> 16) & 255; img.data[i + 3] = 255;
    }
    ctx.putImageData(img, 0, 0);
    ctx.fillStyle = '#f00';
    ctx.fillRect(0, 0, w / 2, h / 2);
    return c.toDataURL('image/jpeg', 0.95).split(',')[1];
  }, { w, h, seed });
  return Buffer.from(b64, 'base64');
}

/** Every blob the phone keeps in IndexedDB for `account`: key → bytes. */
async function phoneBlobs(page, shelf) {
  const all = await page.evaluate((shelf) => new Promise((resolve, reject) => {
    const open = indexedDB.open('jinguo-photos');
    open.onerror = () => reject(open.error);
    open.onsuccess = () => {
      const store = open.result.transaction(shelf).objectStore(shelf);
      const out = {};
      const cursor = store.openCursor();
      cursor.onerror = () => reject(cursor.error);
      cursor.onsuccess = () => {
        const c = cursor.result;
        if (!c) { open.result.close(); resolve(out); return; }
        const bytes = new Uint8Array(c.value);
        let bin = '';
        for (let i = 0; i < bytes.length; i += 8192) bin += String.fromCharCode(...bytes.subarray(i, i + 8192));
        out[c.key] = btoa(bin);
        c.continue();
      };
    };
  }), shelf);
  return Object.fromEntries(Object.entries(all).map(([k, v]) => [k.split('/')[1], Buffer.from(v, 'base64')]));
}

/** Files under `dir`, recursively (not the partial uploads). */
function files(dir) {
  const out = [];
  for (const name of readdirSync(dir)) {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) { if (name !== 'partial') out.push(...files(path)); } else out.push(name);
  }
  return out;
}

test('photos taken offline reach the server once, stripped and upright, through cut uploads', { timeout: 180_000 }, async () => {
  const db = join(freshDataDir(), 'ledger.sqlite3');
  const server = await startServer({ db, args: ['--demo'] });
  const proxy = await startFaultProxy(server.url);
  const context = await phoneContext(browser);
  const page = await context.newPage();
  try {
    await openApp(page, proxy.url);
    await signIn(page, 'hewan');
    await waitForServiceWorker(page);

    // Three photos: one turned by its EXIF (a phone held upright), two plain.
    const raw = [
      { name: 'upright.jpg', bytes: withExif(await drawnJpeg(page, 1200, 800, 1), 6), w: 1200, h: 800, turned: true },
      { name: 'wide.jpg', bytes: await drawnJpeg(page, 1000, 640, 2), w: 1000, h: 640 },
      { name: 'tall.jpg', bytes: await drawnJpeg(page, 700, 1000, 3), w: 700, h: 1000 },
    ];
    assert.ok(raw[0].bytes.includes(Buffer.from('Exif\0\0', 'latin1')), 'the test photo carries EXIF');

    await context.setOffline(true);
    await openNewEntry(page, 'lecture');
    await page.fill('#title', '巾帼宣讲进村（照片）');
    await page.fill('#place', '河湾社区');
    await page.fill('#count-sessions', '1');
    await page.fill('#count-participants', '80');
    await page.setInputFiles('#photo-input', raw.map((r) => ({ name: r.name, mimeType: 'image/jpeg', buffer: r.bytes })));
    await page.waitForFunction(() => document.querySelectorAll('#photo-list .photo-item img[src^="data:image/jpeg"]').length === 3, null, { timeout: 30_000 });
    await page.fill('#photo-list .photo-item >> nth=0 >> .photo-caption', '宣讲现场');
    // Move the second to the front and back again: the order is the form's.
    await page.click('#photo-list .photo-item >> nth=1 >> .photo-left');
    await page.click('#photo-list .photo-item >> nth=0 >> .photo-right');
    const states = await page.$$eval('#photo-list .photo-item', (lis) => lis.map((li) => li.dataset.state));
    assert.deepEqual(states, ['local', 'local', 'local']);
    assert.match(await page.textContent('#photo-list'), /仅在本机/);
    await assertAccessible(page, 'the form with photos');
    await screenshot(page, 'photos-form');
    await page.click('#entry-form button[type=submit]');
    await page.waitForSelector('#record-activity');
    await page.waitForSelector('#photos-waiting[data-count="3"]');
    assert.match(await page.textContent('#photos-waiting'), /照片：3 张待上传/);

    // Reload offline: the entry and its thumbnails are still on the phone.
    await page.reload();
    await waitReady(page);
    await openEntry(page, '巾帼宣讲进村（照片）');
    await page.waitForFunction(() => {
      const imgs = [...document.querySelectorAll('#photo-list .photo-item img')];
      return imgs.length === 3 && imgs.every((i) => i.complete && i.naturalWidth > 0);
    }, null, { timeout: 15_000 });
    assert.equal(await page.inputValue('#photo-list .photo-item >> nth=0 >> .photo-caption'), '宣讲现场');
    const kept = await phoneBlobs(page, 'photos');
    const keptThumbs = await phoneBlobs(page, 'thumbs');
    const shas = await page.$$eval('#photo-list .photo-item', (lis) => lis.map((li) => li.dataset.sha));
    assert.equal(shas.length, 3);
    for (const sha of shas) assert.ok(kept[sha], `photo ${sha} in IndexedDB`);

    // Back online through cuts: the answer to the turned photo's second chunk
    // is lost after the server took it, and so is the answer to the last
    // chunk of the biggest photo (the cut at 90 %); the turned photo's third
    // chunk is held a while to look at the progress.
    const [first] = shas;
    const biggest = shas.reduce((a, b) => (kept[a].length >= kept[b].length ? a : b));
    const lastOffset = Math.floor((kept[biggest].length - 1) / CHUNK) * CHUNK;
    assert.ok(kept[first].length > 2 * CHUNK && lastOffset > 0, `photos of several chunks (${kept[first].length} bytes)`);
    proxy.dropResponses(`/api/v1/photos/${first}/upload?offset=${CHUNK}&`, 1);
    proxy.dropResponses(`/api/v1/photos/${biggest}/upload?offset=${lastOffset}&`, 1);
    const release = proxy.hold(`/api/v1/photos/${first}/upload?offset=${2 * CHUNK}&`);
    await context.setOffline(false);
    await page.waitForSelector(`#photo-list .photo-item[data-sha="${first}"][data-state="uploading"]`, { timeout: 60_000 });
    await page.waitForFunction(() => [...document.querySelectorAll('#photo-list .photo-state')].some((s) => /上传中 \d+ %/.test(s.textContent)));
    await screenshot(page, 'photos-uploading');
    release();
    await page.waitForFunction(() => [...document.querySelectorAll('#photo-list .photo-item')].every((li) => li.dataset.state === 'uploaded'), null, { timeout: 40_000 });
    assert.match(await page.textContent('#photo-list'), /已上传/);

    // The server holds the entry with its three photos, in the form's order.
    const admin = await apiLogin(server.url, 'admin');
    const entry = (await serverEntries(server.url, admin)).find((e) => e.title === '巾帼宣讲进村（照片）');
    assert.ok(entry, 'the entry reached the server');
    assert.deepEqual(entry.photos.map((p) => p.sha256), shas);
    assert.equal(entry.photos[0].caption, '宣讲现场');

    for (const p of entry.photos) {
      for (const [sha, phone] of [[p.sha256, kept[p.sha256]], [p.thumb_sha256, keptThumbs[p.thumb_sha256]]]) {
        const res = await fetch(`${server.url}/api/v1/photos/${sha}`, { headers: { authorization: `Bearer ${admin}` } });
        assert.equal(res.status, 200, `GET ${sha}`);
        const bytes = Buffer.from(await res.arrayBuffer());
        assert.ok(bytes.equals(phone), `${sha}: the server's bytes are the phone's`);
        assert.ok(!bytes.includes(Buffer.from('Exif\0\0', 'latin1')), 'no EXIF (so no GPS) on the server');
        // Only the rest after a cut: the chunks go forward from where the
        // server stands, never back to bytes it held. A chunk whose answer
        // was lost may travel twice (Chromium itself resends a request whose
        // reused connection closed without an answer), nothing else does.
        const sent = proxy.log.filter((r) => r.method === 'PUT' && r.path.startsWith(`/api/v1/photos/${sha}/upload`));
        const offsets = sent.map((r) => Number(new URL(r.path, 'http://x').searchParams.get('offset')));
        assert.deepEqual(offsets, [...offsets].sort((a, b) => a - b), `${sha}: never back to bytes held (${offsets})`);
        const once = new Map(sent.map((r, i) => [offsets[i], r.bytes]));
        assert.equal([...once.values()].reduce((n, b) => n + b, 0), bytes.length, `${sha}: each range once`);
        const resent = sent.reduce((n, r) => n + r.bytes, 0) - bytes.length;
        const cuts = sent.filter((r) => r.dropped).reduce((n, r) => n + r.bytes, 0);
        assert.ok(resent <= cuts, `${sha}: ${resent} bytes resent, ${cuts} in cut chunks`);
      }
    }
    // Upright: the turned photo's sides are swapped against its raw pixels.
    const sizes = entry.photos.map((p) => jpegSize(kept[p.sha256]));
    const { width, height } = sizes[0];
    assert.deepEqual([width, height], [raw[0].h, raw[0].w], 'orientation 6 applied');
    assert.deepEqual([entry.photos[0].width, entry.photos[0].height], [width, height]);
    assert.deepEqual(sizes.slice(1).map((s) => [s.width, s.height]), [[1000, 640], [700, 1000]]);
    // And which way is up: the red quarter, top-left in the raw pixels, is
    // top-right once turned a quarter clockwise.
    const corner = await page.evaluate(async (b64) => {
      const blob = new Blob([Uint8Array.from(atob(b64), (c) => c.charCodeAt(0))], { type: 'image/jpeg' });
      const bmp = await createImageBitmap(blob, { imageOrientation: 'from-image' });
      const c = new OffscreenCanvas(bmp.width, bmp.height);
      const ctx = c.getContext('2d');
      ctx.drawImage(bmp, 0, 0);
      const at = (x, y) => [...ctx.getImageData(x, y, 1, 1).data].slice(0, 3);
      return { topRight: at(bmp.width - 20, 20), topLeft: at(20, 20) };
    }, kept[shas[0]].toString('base64'));
    assert.ok(corner.topRight[0] > 200 && corner.topRight[1] < 60, `red at the top right: ${corner.topRight}`);

    // Once: one file per blob in the server's photo directory.
    const stored = files(join(dirname(db), 'photos'));
    const expected = entry.photos.flatMap((p) => [p.sha256, p.thumb_sha256]).sort();
    assert.deepEqual(stored.sort(), expected);

    // The home screen has nothing left waiting.
    await page.click('#tab-home');
    await page.waitForSelector('#record-activity');
    assert.equal(await page.isVisible('#photos-waiting'), false);
  } finally {
    await context.close();
    await proxy.close();
    await server.stop();
  }
});

test('without IndexedDB the form says so and the entry saves without photos', { timeout: 60_000 }, async () => {
  const server = await startServer({ db: join(freshDataDir(), 'ledger.sqlite3'), args: ['--demo'] });
  const context = await phoneContext(browser);
  // As in some private windows and in-app browsers.
  await context.addInitScript(() => { Object.defineProperty(window, 'indexedDB', { get: () => undefined }); });
  const page = await context.newPage();
  try {
    await openApp(page, server.url);
    await signIn(page, 'hewan');
    await openNewEntry(page, 'lecture');
    await page.waitForSelector('#photos-unavailable');
    assert.match(await page.textContent('#photos-unavailable'), /不能在本机保存照片/);
    assert.equal(await page.$('#photo-input'), null, 'no photo to pick');
    await page.fill('#title', '没有照片的宣讲');
    await page.fill('#count-sessions', '1');
    await page.fill('#count-participants', '30');
    await page.click('#entry-form button[type=submit]');
    await page.waitForSelector('#record-activity');
    await page.waitForSelector('#flash:not([hidden])');
    const admin = await apiLogin(server.url, 'admin');
    await page.waitForFunction(() => document.querySelector('#pending-count')?.textContent.trim() === '0', null, { timeout: 20_000 });
    const held = (await serverEntries(server.url, admin)).filter((e) => e.title === '没有照片的宣讲');
    assert.equal(held.length, 1);
    assert.deepEqual(held[0].photos ?? [], []);
  } finally {
    await context.close();
    await server.stop();
  }
});
