// Browser benchmark of photos: a cadre records a lecture with three camera-
// sized photos (4000×3000, made in the page) on the real app in headless
// Chromium at phone size, then the phone sends them to the real server
// through a link whose uploads trickle at 20 KB/s (a village's 2G). Prints
// the compression time per photo (picking the files → three thumbnails on
// the form: decode, scale, two JPEG encodes, SHA-256, IndexedDB), the bytes
// per photo and thumbnail, and the time from the phone going online until
// the office can read the first photo, and all of them. A benchmark, not a
// test: it exits 0 whatever the figures.
//
//   (cd tests && JINGUO_SERVER_BIN=../target/server/server node bench/photos.mjs)
import http from 'node:http';
import { join } from 'node:path';
import { startServer, freshDataDir, apiLogin, serverEntries } from '../e2e/support/server.mjs';
import { launchBrowser, phoneContext, openApp, signIn, waitForServiceWorker, openNewEntry } from '../e2e/support/browser.mjs';

const RATE = Number(process.env.JINGUO_PHOTO_LINK_BPS ?? 20_000);
const pause = (ms) => new Promise((r) => setTimeout(r, ms));

/** A proxy whose photo uploads trickle upstream at `RATE` bytes a second. */
async function uplink(upstream) {
  const target = new URL(upstream);
  const server = http.createServer(async (req, res) => {
    const slow = req.url.startsWith('/api/v1/photos/') && req.method === 'PUT';
    const up = http.request({ host: target.hostname, port: target.port, method: req.method, path: req.url, headers: req.headers }, (upRes) => {
      res.writeHead(upRes.statusCode, upRes.headers);
      upRes.pipe(res);
    });
    up.on('error', () => res.destroy());
    for await (const chunk of req) {
      if (!slow) { up.write(chunk); continue; }
      for (let at = 0; at < chunk.length; at += 2048) {
        const part = chunk.subarray(at, at + 2048);
        up.write(part);
        await pause((part.length / RATE) * 1000);
      }
    }
    up.end();
  });
  await new Promise((r) => server.listen(0, '127.0.0.1', r));
  return { url: `http://127.0.0.1:${server.address().port}`, close: () => new Promise((r) => { server.closeAllConnections(); server.close(r); }) };
}

/** A 4000×3000 JPEG with shapes, gradients and a little noise (closer to a
 * photo than pure noise, which no encoder can shrink). */
async function cameraJpeg(page, seed) {
  const b64 = await page.evaluate(async (seed) => {
    const c = new OffscreenCanvas(4000, 3000);
    const ctx = c.getContext('2d');
    let s = seed;
    const rnd = () => { s = (s * 1103515245 + 12345) >>> 0; return s / 4294967296; };
    const g = ctx.createLinearGradient(0, 0, 4000, 3000);
    g.addColorStop(0, '#8ab'); g.addColorStop(1, '#553');
    ctx.fillStyle = g; ctx.fillRect(0, 0, 4000, 3000);
    for (let i = 0; i < 400; i++) {
      ctx.fillStyle = `hsl(${Math.floor(rnd() * 360)},${30 + rnd() * 50}%,${30 + rnd() * 40}%)`;
      ctx.beginPath(); ctx.arc(rnd() * 4000, rnd() * 3000, 20 + rnd() * 200, 0, 7); ctx.fill();
    }
    const img = ctx.getImageData(0, 0, 4000, 3000);
    for (let i = 0; i < img.data.length; i += 4) { const n = (rnd() - 0.5) * 24; img.data[i] += n; img.data[i + 1] += n; img.data[i + 2] += n; }
    ctx.putImageData(img, 0, 0);
    const blob = await c.convertToBlob({ type: 'image/jpeg', quality: 0.92 });
    const bytes = new Uint8Array(await blob.arrayBuffer());
    let bin = '';
    for (let i = 0; i < bytes.length; i += 8192) bin += String.fromCharCode(...bytes.subarray(i, i + 8192));
    return btoa(bin);
  }, seed);
  return Buffer.from(b64, 'base64');
}

const server = await startServer({ db: join(freshDataDir(), 'ledger.sqlite3'), args: ['--demo'] });
const link = await uplink(server.url);
const browser = await launchBrowser();
try {
  const context = await phoneContext(browser);
  const page = await context.newPage();
  await openApp(page, link.url);
  await signIn(page, 'hewan');
  await waitForServiceWorker(page);
  const files = [];
  for (const seed of [1, 2, 3]) files.push(await cameraJpeg(page, seed));

  await context.setOffline(true);
  await openNewEntry(page, 'lecture');
  await page.fill('#title', '照片基准');
  await page.fill('#count-sessions', '1');
  await page.fill('#count-participants', '50');
  const started = Date.now();
  await page.setInputFiles('#photo-input', files.map((b, i) => ({ name: `p${i}.jpg`, mimeType: 'image/jpeg', buffer: b })));
  await page.waitForFunction(() => document.querySelectorAll('#photo-list .photo-item img[src^="data:"]').length === 3, null, { timeout: 120_000 });
  const compressMs = (Date.now() - started) / 3;
  await page.click('#entry-form button[type=submit]');
  await page.waitForSelector('#record-activity');

  const admin = await apiLogin(server.url, 'admin');
  const online = Date.now();
  await context.setOffline(false);
  let entry;
  while (!entry) {
    entry = (await serverEntries(server.url, admin)).find((e) => e.title === '照片基准');
    if (!entry) await pause(200);
  }
  const readable = async (sha) => (await fetch(`${server.url}/api/v1/photos/${sha}`, { headers: { authorization: `Bearer ${admin}` } })).status === 200;
  let firstThumbMs = null;
  let firstPhotoMs = null;
  let allMs = null;
  while (allMs === null && Date.now() - online < 600_000) {
    const thumbs = await Promise.all(entry.photos.map((p) => readable(p.thumb_sha256)));
    const photos = await Promise.all(entry.photos.map((p) => readable(p.sha256)));
    const now = Date.now() - online;
    if (firstThumbMs === null && thumbs.some(Boolean)) firstThumbMs = now;
    if (firstPhotoMs === null && photos.some(Boolean)) firstPhotoMs = now;
    if (photos.every(Boolean) && thumbs.every(Boolean)) allMs = now;
    else await pause(250);
  }
  const kb = (n) => `${(n / 1000).toFixed(1)} KB`;
  const sum = (f) => entry.photos.reduce((n, p) => n + f(p), 0);
  console.log(`photos: three 4000×3000 camera JPEGs (${files.map((f) => kb(f.length)).join(', ')}) on the phone, uploads at ${RATE / 1000} KB/s`);
  console.log(`  compression per photo (pick → thumbnail shown)   ${compressMs.toFixed(0)} ms`);
  console.log(`  bytes per photo                                 ${entry.photos.map((p) => `${kb(p.bytes)} (${p.width}×${p.height})`).join(', ')}; target 200–300 KB`);
  console.log(`  bytes per thumbnail                             ${entry.photos.map((p) => kb(p.thumb_bytes)).join(', ')}`);
  console.log(`  online → first thumbnail readable at the office ${firstThumbMs} ms`);
  console.log(`  online → first photo readable at the office     ${firstPhotoMs} ms`);
  console.log(`  online → all three readable                     ${allMs} ms (${kb(sum((p) => p.bytes + p.thumb_bytes))} sent)`);
  await context.close();
} finally {
  await browser.close();
  await link.close();
  await server.stop();
}
