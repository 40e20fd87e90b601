// The office sees the photos (issues 13 and 16): a cadre's entries with
// photos are put on the server through the API (the phone side is another
// test's); the office, at phone size, sees their thumbnails in 全部记录 and
// opens the viewer (caption, next, Escape closes); on a desktop it picks two
// photos in the summary editor, edits a caption, writes 存在问题, exports
// Word, and the .docx holds the two pictures, 图1/图2 and the sections in
// order.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFile, writeFile, mkdtemp } from 'node:fs/promises';
import { execFileSync } from 'node:child_process';
import { createHash, randomUUID } from 'node:crypto';
import { deflateSync } from 'node:zlib';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startServer, freshDataDir, apiDevice, apiPost, serverEntries } from './support/server.mjs';
import { launchBrowser, phoneContext, openSignedIn, screenshot } from './support/browser.mjs';

let browser;
before(async () => { browser = await launchBrowser(); });
after(async () => { await browser?.close(); });

const sha = (bytes) => createHash('sha256').update(bytes).digest('hex');

function crc32(bytes) {
  let crc = ~0;
  for (const b of bytes) {
    crc ^= b;
    for (let k = 0; k < 8; k++) crc = (crc >>> 1) ^ (0xedb88320 & -(crc & 1));
  }
  return ~crc >>> 0;
}

function chunk(type, data) {
  const head = Buffer.alloc(8);
  head.writeUInt32BE(data.length, 0);
  head.write(type, 4, 'ascii');
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(Buffer.concat([head.subarray(4), data])), 0);
  return Buffer.concat([head, data, crc]);
}

/** A real RGB PNG of `w`×`h`: a gradient tinted by `hue` (0..2), so each photo looks different. */
function png(w, h, hue) {
  const rows = [];
  for (let y = 0; y < h; y++) {
    const row = Buffer.alloc(1 + w * 3);
    for (let x = 0; x < w; x++) {
      const a = Math.floor((255 * x) / w);
      const b = Math.floor((255 * y) / h);
      const rgb = [[a, b, 160], [200, a, b], [b, 180, a]][hue];
      rgb.forEach((v, i) => { row[1 + x * 3 + i] = v; });
    }
    rows.push(row);
  }
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(w, 0);
  ihdr.writeUInt32BE(h, 4);
  ihdr[8] = 8; ihdr[9] = 2; // 8-bit RGB
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk('IHDR', ihdr), chunk('IDAT', deflateSync(Buffer.concat(rows))), chunk('IEND', Buffer.alloc(0)),
  ]);
}

async function upload(baseUrl, token, bytes) {
  const res = await fetch(`${baseUrl}/api/v1/photos/${sha(bytes)}/upload?offset=0&total=${bytes.length}`, {
    method: 'PUT',
    headers: { authorization: `Bearer ${token}`, 'content-type': 'application/octet-stream' },
    body: bytes,
  });
  assert.equal(res.status, 200, await res.text());
}

/** Three photos on two of 河湾社区's 2023 entries, sent as its cadre: their references. */
async function seedPhotos(baseUrl) {
  const { deviceId, token } = await apiDevice(baseUrl, 'hewan');
  const mine = (await serverEntries(baseUrl, token)).map((e) => e.entry ?? e);
  const model = mine.find((e) => e.kind === 'lecture' && e.date.startsWith('2023') && !e.deleted);
  assert.ok(model, 'a 2023 lecture of 河湾社区 in the demo data');
  const photos = [];
  for (const [i, [w, h]] of [[640, 480], [480, 640], [800, 450]].entries()) {
    const photo = png(w, h, i);
    const thumb = png(Math.round((w * 96) / Math.max(w, h)), Math.round((h * 96) / Math.max(w, h)), i);
    await upload(baseUrl, token, photo);
    await upload(baseUrl, token, thumb);
    photos.push({
      sha256: sha(photo), bytes: photo.length, width: w, height: h,
      thumb_sha256: sha(thumb), thumb_bytes: thumb.length, caption: ['宣讲现场', '入户走访', ''][i],
    });
  }
  const entries = [
    { ...model, id: randomUUID(), title: '巾帼大宣讲进河湾', date: '2023-06-10', photos: photos.slice(0, 2) },
    { ...model, id: randomUUID(), title: '家庭教育讲座', date: '2023-09-02', photos: photos.slice(2) },
  ];
  const changes = entries.map((entry, i) => ({ seq: i + 1, op: { create: { entry } } }));
  const res = await apiPost(baseUrl, token, '/api/v1/sync/push', { device_id: deviceId, changes });
  assert.deepEqual(res.receipts.map((r) => r.status), ['applied', 'applied'], JSON.stringify(res.receipts));
  return { entries, photos };
}

test('the office sees thumbnails, opens the viewer, and puts two picked photos in the Word summary', { timeout: 240_000 }, async () => {
  const server = await startServer({ db: join(freshDataDir(), 'ledger.sqlite3'), args: ['--demo'] });
  const phone = await phoneContext(browser);
  const desktop = await browser.newContext({ viewport: { width: 1280, height: 900 }, locale: 'zh-CN', acceptDownloads: true });
  try {
    const { entries, photos } = await seedPhotos(server.url);

    // At phone size: 全部记录 shows each entry's thumbnails, loaded.
    const page = await openSignedIn(phone, server.url, 'admin');
    await page.click('#tab-server');
    await page.waitForSelector('#server-entries', { timeout: 10_000 });
    // The listing is newest first: the 2023 entries are in their month.
    await page.fill('#server-month', '2023-06');
    await page.dispatchEvent('#server-month', 'change');
    const first = `#server-entries li[data-id="${entries[0].id}"]`;
    await page.waitForSelector(`${first} .photo-thumb img`, { state: "attached", timeout: 15_000 });
    // Thumbnails load when seen: nothing is fetched for an entry below the fold.
    assert.equal(await page.$eval(`${first} .photo-thumb img`, (i) => i.dataset.state), 'loading');
    await page.locator(first).scrollIntoViewIfNeeded();
    await page.waitForSelector(`${first} .photo-thumb img[data-state="loaded"]`, { timeout: 15_000 });
    await page.waitForFunction((sel) => [...document.querySelectorAll(`${sel} .photo-thumb img`)].every((i) => i.dataset.state === 'loaded' && i.naturalWidth > 0), first, { timeout: 15_000 });
    const thumbs = await page.$$eval(`${first} .photo-thumb img`, (imgs) => imgs.map((i) => ({ sha: i.dataset.sha256, src: i.src, w: i.naturalWidth })));
    assert.deepEqual(thumbs.map((t) => t.sha), photos.slice(0, 2).map((p) => p.thumb_sha256));
    assert.ok(thumbs.every((t) => t.src.startsWith('blob:')), JSON.stringify(thumbs));
    assert.deepEqual(thumbs.map((t) => t.w), [96, 72], 'each thumbnail as uploaded');

    // The viewer: the photo large with its caption; next; Escape closes.
    await page.click(`${first} .photo-thumb >> nth=0`);
    await page.waitForSelector('#photo-viewer .photo-viewer-img[data-state="loaded"]', { timeout: 15_000 });
    const shown = await page.$eval('#photo-viewer .photo-viewer-img', (i) => ({ sha: i.dataset.sha256, w: i.naturalWidth, h: i.naturalHeight }));
    assert.deepEqual(shown, { sha: photos[0].sha256, w: 640, h: 480 });
    assert.match(await page.textContent('#photo-viewer-caption'), /1 \/ 2\s*宣讲现场/);
    await screenshot(page, 'office-viewer');
    await page.click('#photo-next');
    await page.waitForFunction((s) => document.querySelector('#photo-viewer .photo-viewer-img')?.dataset.sha256 === s, photos[1].sha256);
    assert.match(await page.textContent('#photo-viewer-caption'), /2 \/ 2\s*入户走访/);
    // The first photo's blob URL is freed once it is no longer shown.
    await page.keyboard.press('Escape');
    await page.waitForSelector('#photo-viewer', { state: 'detached' });

    // On a desktop: the summary editor picks two photos of the year for Word.
    const office = await openSignedIn(desktop, server.url, 'admin');
    await office.click('#tab-reports');
    await office.waitForSelector('#report-period');
    await office.selectOption('#report-period', 'custom');
    await office.fill('#report-from', '2023-01-01');
    await office.dispatchEvent('#report-from', 'change');
    await office.fill('#report-to', '2023-12-31');
    await office.dispatchEvent('#report-to', 'change');
    await office.waitForSelector('#summary-photos .photo-pick', { timeout: 20_000 });
    assert.equal(await office.$$eval('#summary-photos .photo-pick', (b) => b.length), 3);
    // The draft opens like a 年度总结 and ends with the office's own sections, empty with prompts.
    assert.match(await office.inputValue('#summary-text'), /^2023年，平邑街道妇联团结带领/);
    const sections = await office.$$eval('.summary-section', (ls) => ls.map((l) => ({
      heading: l.querySelector('.label').textContent, text: l.querySelector('textarea').value, prompt: l.querySelector('textarea').placeholder,
    })));
    assert.deepEqual(sections.map((s) => s.heading.replace(/^.+、/, '')), ['存在问题', '下一步打算']);
    assert.ok(sections.every((s) => s.text === '' && s.prompt.startsWith('如：')), JSON.stringify(sections));

    // Pick the third photo first, then the first: 图1 and 图2 in that order.
    await office.check(`#summary-photos .photo-pick[data-sha256="${photos[2].sha256}"]`);
    await office.check(`#summary-photos .photo-pick[data-sha256="${photos[0].sha256}"]`);
    const captions = office.locator('#summary-photos .photo-caption');
    assert.equal(await captions.count(), 2);
    // The third photo had no caption: its entry's title is offered, and edited.
    const third = office.locator(`#summary-photos .photo-pick-item:has(.photo-pick[data-sha256="${photos[2].sha256}"]) .photo-caption`);
    assert.equal(await third.inputValue(), '家庭教育讲座');
    await third.fill('亲子共读讲座现场');
    await office.fill('.summary-section-text[data-section="0"]', '一是部分村居活动照片留存不全。');
    await office.waitForFunction(() => [...document.querySelectorAll('#summary-photos img')].every((i) => i.dataset.state === 'loaded'), null, { timeout: 15_000 });
    await office.locator('#summary-photos').scrollIntoViewIfNeeded();
    await screenshot(office, 'summary-sections');

    const [file] = await Promise.all([office.waitForEvent('download'), office.click('#export-docx')]);
    const dir = await mkdtemp(join(tmpdir(), 'jinguo-docx-'));
    const docx = join(dir, 'summary.docx');
    await writeFile(docx, await readFile(await file.path()));
    const names = execFileSync('unzip', ['-Z1', docx]).toString().split('\n').filter((n) => n.startsWith('word/media/') && !n.endsWith('/'));
    assert.equal(names.length, 2, names.join());
    const embedded = names.map((n) => sha(execFileSync('unzip', ['-p', docx, n]))).sort();
    assert.deepEqual(embedded, [photos[0].sha256, photos[2].sha256].sort(), 'the uploaded bytes, as they are');
    const xml = execFileSync('unzip', ['-p', docx, 'word/document.xml']).toString();
    const at = (s) => { const i = xml.indexOf(s); assert.ok(i >= 0, `${s} in document.xml`); return i; };
    assert.ok(at('>图1 亲子共读讲座现场<') < at('>图2 宣讲现场<'));
    assert.ok(at('>图2 宣讲现场<') < at('存在问题<'));
    assert.ok(at('存在问题<') < at('>一是部分村居活动照片留存不全。<'));
    assert.ok(!xml.includes('下一步打算<'), 'an unwritten section is left out');
  } finally {
    await phone.close();
    await desktop.close();
    await server.stop();
  }
});
