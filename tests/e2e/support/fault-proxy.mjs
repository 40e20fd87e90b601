// An HTTP proxy between the browser and the server that can lose responses
// after the server has answered (the server commits, the phone never hears),
// and, with `setFaults`, randomly drop requests, delay them, send them twice
// and lose answers, from a seeded generator so that a run can be repeated.
import http from 'node:http';

/** A small seeded generator (mulberry32): the same seed, the same faults. */
export function seeded(seed) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/**
 * @param {string} upstream  e.g. http://127.0.0.1:1234
 * @returns {Promise<{url: string, log: {method: string, path: string, encoding: string|null, bytes: number, head: string, dropped: boolean}[],
 *   dropResponses: (pathPrefix: string, n: number) => void, close: () => Promise<void>}>}
 */
export async function startFaultProxy(upstream) {
  const target = new URL(upstream);
  const drops = new Map(); // path prefix → responses still to drop
  const holds = new Map(); // path prefix → promise that lets held requests go on
  const log = [];
  let faults = null; // { prefix, random, dropRequest, dropResponse, duplicate, delayMs }
  const counts = { requests: 0, droppedRequests: 0, droppedResponses: 0, duplicated: 0, delayed: 0 };
  /** Bytes of request and response bodies, by path prefix of the API. */
  const bytes = {};
  const countBytes = (url, up, down) => {
    const key = url.split('?')[0];
    const b = (bytes[key] ??= { requests: 0, up: 0, down: 0 });
    b.requests += 1;
    b.up += up;
    b.down += down;
  };

  /** Sends the request upstream; resolves with [status, headers, body] or null. */
  const forward = (req, body) => new Promise((resolve) => {
    const up = http.request({ host: target.hostname, port: target.port, method: req.method, path: req.url, headers: req.headers }, (upRes) => {
      const chunks = [];
      upRes.on('data', (c) => chunks.push(c));
      upRes.on('end', () => resolve([upRes.statusCode, upRes.headers, Buffer.concat(chunks)]));
      upRes.on('error', () => resolve(null));
    });
    up.on('error', () => resolve(null));
    up.end(body);
  });

  const server = http.createServer((req, res) => {
    const chunks = [];
    req.on('data', (c) => chunks.push(c));
    req.on('end', async () => {
      const body = Buffer.concat(chunks);
      const entry = { method: req.method, path: req.url, encoding: req.headers['content-encoding'] ?? null, bytes: body.length, head: body.subarray(0, 2).toString('hex'), dropped: false, held: false, start: Date.now(), end: null };
      log.push(entry);
      const hold = [...holds.keys()].find((p) => req.url.startsWith(p));
      if (hold !== undefined) {
        entry.held = true;
        await holds.get(hold);
      }
      const faulty = faults && req.url.startsWith(faults.prefix);
      if (faulty) {
        counts.requests += 1;
        if (faults.random() < faults.delay) {
          counts.delayed += 1;
          await new Promise((r) => setTimeout(r, Math.floor(faults.random() * faults.delayMs)));
        }
        if (faults.random() < faults.dropRequest) {
          counts.droppedRequests += 1;
          entry.dropped = true;
          req.socket.destroy(); // never reached the server
          return;
        }
      }
      let answer = await forward(req, body);
      if (faulty && faults.random() < faults.duplicate) {
        counts.duplicated += 1;
        answer = (await forward(req, body)) ?? answer; // the server sees it twice
      }
      const prefix = [...drops.keys()].find((p) => req.url.startsWith(p) && drops.get(p) > 0);
      const lose = prefix !== undefined || (faulty && faults.random() < faults.dropResponse);
      if (!answer || lose) {
        // The server has answered (and committed); the phone gets nothing.
        if (prefix !== undefined) drops.set(prefix, drops.get(prefix) - 1);
        else if (answer) counts.droppedResponses += 1;
        entry.dropped = true;
        req.socket.destroy();
        return;
      }
      const [status, headers, payload] = answer;
      entry.end = Date.now();
      countBytes(req.url, body.length, payload.length);
      res.writeHead(status, headers);
      res.end(payload);
    });
  });
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${server.address().port}`,
    log,
    dropResponses(pathPrefix, n) { drops.set(pathPrefix, n); },
    /** Holds requests under `pathPrefix` (before they reach the server)
     * until the returned function is called; they then go on as usual. */
    hold(pathPrefix) {
      let release;
      holds.set(pathPrefix, new Promise((r) => { release = r; }));
      return () => { holds.delete(pathPrefix); release(); };
    },
    /** Random faults on requests under `prefix`; `null` turns them off. */
    setFaults(opts) {
      faults = opts && { delay: 0.2, delayMs: 150, dropRequest: 0.1, dropResponse: 0.1, duplicate: 0.1, ...opts };
    },
    counts,
    bytes,
    close: () => new Promise((resolve) => { server.closeAllConnections(); server.close(resolve); }),
  };
}
