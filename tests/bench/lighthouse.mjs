// Lighthouse 12 (mobile, simulated throttling) on the sign-in page of the real
// app: the server binary at JINGUO_SERVER_BIN (`serve --demo`, a fresh
// database), Debian's Chromium. Prints the median of RUNS runs of each
// figure beside issue 15's targets. A benchmark, not a test: it exits 0
// whether or not a target is met (a missed one says MISSED), non-zero only if
// it could not measure.
//
// Lighthouse is not a test dependency: scripts/bench.sh installs it into
// tests/bench/lighthouse/ (pinned by its package-lock.json) before running
//   (cd tests && JINGUO_SERVER_BIN=../target/server/server node bench/lighthouse.mjs)
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { startServer, freshDataDir } from '../e2e/support/server.mjs';

const run = promisify(execFile);
const RUNS = Number(process.env.JINGUO_LIGHTHOUSE_RUNS ?? 3);
const here = dirname(fileURLToPath(import.meta.url));
const LIGHTHOUSE = join(here, 'lighthouse', 'node_modules', '.bin', 'lighthouse');
// As the e2e tests launch it: no sandbox as root, and nothing that would try
// the closed network.
const CHROME_FLAGS = [
  '--headless=new', '--no-sandbox', '--disable-gpu', '--disable-background-networking',
  '--disable-component-update', '--disable-sync', '--no-first-run',
].join(' ');

const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  const m = Math.floor(s.length / 2);
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
};

async function lighthouse(url, out) {
  await run(LIGHTHOUSE, [
    url, '--quiet', '--output=json', `--output-path=${out}`, '--form-factor=mobile',
    '--only-categories=performance,accessibility,best-practices', `--chrome-flags=${CHROME_FLAGS}`,
  ], { env: { ...process.env, CHROME_PATH: process.env.CHROME_PATH ?? '/usr/bin/chromium' }, timeout: 180_000 });
  const report = JSON.parse(await readFile(out, 'utf8'));
  const score = (c) => Math.round(report.categories[c].score * 100);
  const a = report.audits;
  return {
    performance: score('performance'),
    accessibility: score('accessibility'),
    bestPractices: score('best-practices'),
    lcp: a['largest-contentful-paint'].numericValue,
    fcp: a['first-contentful-paint'].numericValue,
    tbt: a['total-blocking-time'].numericValue,
    lcpElement: a['largest-contentful-paint-element']?.details?.items?.[0]?.items?.[0]?.node?.nodeLabel ?? '?',
    version: report.lighthouseVersion,
  };
}

async function main() {
  const server = await startServer({ db: join(freshDataDir(), 'ledger.sqlite3'), args: ['--demo'] });
  const dir = await mkdtemp(join(tmpdir(), 'jinguo-lighthouse-'));
  const runs = [];
  try {
    for (let i = 0; i < RUNS; i++) runs.push(await lighthouse(`${server.url}/`, join(dir, `run-${i}.json`)));
  } finally {
    await server.stop();
    await rm(dir, { recursive: true, force: true });
  }
  const m = (k) => median(runs.map((r) => r[k]));
  const rows = [
    ['performance score', m('performance'), '>= 98', m('performance') >= 98],
    ['largest contentful paint', `${(m('lcp') / 1000).toFixed(2)} s`, '<= 2.0 s', m('lcp') <= 2000],
    ['first contentful paint', `${(m('fcp') / 1000).toFixed(2)} s`, '-', null],
    ['total blocking time', `${m('tbt').toFixed(0)} ms`, '-', null],
    ['accessibility score', m('accessibility'), '= 100', m('accessibility') === 100],
    ['best practices score', m('bestPractices'), '= 100', m('bestPractices') === 100],
  ];
  console.log(`Lighthouse ${runs[0].version}, mobile (simulated throttling), the sign-in page; median of ${RUNS} runs`);
  for (const [figure, measured, target, met] of rows) {
    const result = met === null ? '' : met ? 'met' : 'MISSED';
    console.log(`  ${figure.padEnd(28)} ${String(measured).padStart(8)}  ${target.padEnd(9)} ${result}`);
  }
  console.log(`  each run (performance / LCP ms): ${runs.map((r) => `${r.performance}/${r.lcp.toFixed(0)}`).join(', ')}`);
  console.log(`  the LCP element: ${runs[0].lcpElement}`);
}

main().catch((e) => {
  console.error(`bench/lighthouse: ${e.stack ?? e}`);
  process.exit(1);
});
