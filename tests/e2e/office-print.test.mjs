// The office's files as an office suite opens and prints them: the 2023
// workbook and a summary's Word file, from the real server, converted to PDF
// by LibreOffice headless (Debian's libreoffice-*-nogui, installed by
// scripts/setup.sh --browser) and read page by page with poppler's pdftotext.
//
// The workbook must print as the office hands it in: every page carries the
// report's period in its header, a page number in its footer and the table's
// header row (so no page holds only the right-hand columns of a sheet split
// across pages — the first column is on every page), and the sheets fit one
// page wide. Before the print setup, the same workbook printed on 28 pages.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { mkdtemp, writeFile, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startServer, freshDataDir, apiLogin, apiGet } from './support/server.mjs';

const run = promisify(execFile);
const YEAR = { from: '2023-01-01', to: '2023-12-31' };

async function fetchFile(url, token, init = {}) {
  const res = await fetch(url, { ...init, headers: { ...(init.headers ?? {}), authorization: `Bearer ${token}` } });
  assert.equal(res.status, 200, `${url}: ${res.status}`);
  return Buffer.from(await res.arrayBuffer());
}

/** The file converted to PDF by LibreOffice, as the text of each page. */
async function printedPages(dir, name, bytes) {
  const file = join(dir, name);
  await writeFile(file, bytes);
  // Its own profile directory: a first run of LibreOffice writes one, and two
  // runs must not share it.
  const profile = `file://${join(dir, 'lo-profile')}`;
  await run('soffice', [`-env:UserInstallation=${profile}`, '--headless', '--convert-to', 'pdf', '--outdir', dir, file], { timeout: 120_000 });
  const pdf = file.replace(/\.[a-z]+$/, '.pdf');
  const { stdout: info } = await run('pdfinfo', [pdf]);
  const pages = Number(/Pages:\s+(\d+)/.exec(info)?.[1]);
  assert.ok(pages > 0, info);
  const { stdout: sizes } = await run('pdfinfo', ['-f', '1', '-l', String(pages), pdf]);
  const landscape = [...sizes.matchAll(/Page\s+\d+ size:\s+([\d.]+) x ([\d.]+)/g)].map((m) => Number(m[1]) > Number(m[2]));
  const texts = [];
  for (let p = 1; p <= pages; p += 1) {
    const { stdout } = await run('pdftotext', ['-layout', '-f', String(p), '-l', String(p), pdf, '-']);
    texts.push(stdout);
  }
  texts.landscape = landscape;
  return texts;
}

test('the 2023 workbook prints one page wide with its headers on every page; the Word summary opens', { timeout: 300_000 }, async () => {
  const server = await startServer({ db: join(freshDataDir(), 'ledger.sqlite3'), args: ['--demo'] });
  const dir = await mkdtemp(join(tmpdir(), 'jinguo-print-'));
  try {
    const token = await apiLogin(server.url, 'admin');
    const root = (await apiGet(server.url, token, '/api/v1/me')).user.org_id;
    const query = `from=${YEAR.from}&to=${YEAR.to}&org=${root}`;
    const report = await apiGet(server.url, token, `/api/v1/reports?${query}`);
    const lines = report.lines.filter((l) => l.sums.records > 0).length;

    const xlsx = await fetchFile(`${server.url}/api/v1/reports/export.xlsx?${query}`, token);
    const pages = await printedPages(dir, 'report-2023.xlsx', xlsx);
    console.log(`# the 2023 workbook (${lines + 1} sheets) prints on ${pages.length} pages`);
    // One sheet per work line with entries and the summary sheet: at least
    // one page each; before the print setup the columns' split made 28.
    assert.ok(pages.length >= lines + 1, `${pages.length} pages for ${lines + 1} sheets`);
    assert.ok(pages.length < 28, `${pages.length} pages`);
    pages.forEach((text, i) => {
      const at = `page ${i + 1} of ${pages.length}:\n${text}`;
      assert.ok(text.includes(`${YEAR.from} – ${YEAR.to}`), `period in the page header, ${at}`);
      assert.match(text, /第 \d+ 页，共 \d+ 页/, `page number in the footer, ${at}`);
      // The header row repeated: the summary sheet's first column is 工作线,
      // each line sheet's 组织.
      assert.ok(text.includes('工作线') || text.includes('组织'), `header row, ${at}`);
    });
    // The summary sheet (five columns) prints portrait; the wide line
    // sheets (a column per figure of each kind) landscape.
    assert.equal(pages.landscape[0], false, 'the summary sheet is portrait');
    assert.ok(pages.landscape.some((l) => l), 'the wide line sheets are landscape');
    // Every work line's total row is printed whole: its sheet's 合计 appears.
    const totals = pages.filter((t) => t.includes('合计')).length;
    assert.ok(totals >= lines, `${totals} pages with a 合计 row for ${lines} line sheets`);

    const summary = { title: '平邑街道妇联2023年工作总结', body: '一年来，街道妇联围绕中心、服务大局。\n\n组织宣讲12场。' };
    const docx = await fetchFile(`${server.url}/api/v1/reports/summary.docx`, token, {
      method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(summary),
    });
    // pdftotext sets a space between Chinese and digits: compare without spaces.
    const bare = (s) => s.replace(/\s+/g, '');
    const doc = bare((await printedPages(dir, 'summary.docx', docx)).join(''));
    assert.ok(doc.includes(bare(summary.title)), doc);
    assert.ok(doc.includes('组织宣讲12场'), doc);
  } finally {
    await server.stop();
    await rm(dir, { recursive: true, force: true });
  }
});
