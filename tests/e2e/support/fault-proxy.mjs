// An HTTP proxy between the browser and the server that can lose responses
// after the server has answered: the server commits, the phone never hears.
import http from 'node:http';

/**
 * @param {string} upstream  e.g. http://127.0.0.1:1234
 * @returns {Promise<{url: string, log: {method: string, path: string, dropped: boolean}[],
 *   dropResponses: (pathPrefix: string, n: number) => void, close: () => Promise<void>}>}
 */
export async function startFaultProxy(upstream) {
  const target = new URL(upstream);
  const drops = new Map(); // path prefix → responses still to drop
  const log = [];
  const server = http.createServer((req, res) => {
    const prefix = [...drops.keys()].find((p) => req.url.startsWith(p) && drops.get(p) > 0);
    const entry = { method: req.method, path: req.url, dropped: false };
    log.push(entry);
    const up = http.request({ host: target.hostname, port: target.port, method: req.method, path: req.url, headers: req.headers }, (upRes) => {
      const chunks = [];
      upRes.on('data', (c) => chunks.push(c));
      upRes.on('end', () => {
        if (prefix !== undefined) {
          // The server has answered (and committed); the phone gets nothing.
          drops.set(prefix, drops.get(prefix) - 1);
          entry.dropped = true;
          req.socket.destroy();
          return;
        }
        res.writeHead(upRes.statusCode, upRes.headers);
        res.end(Buffer.concat(chunks));
      });
    });
    up.on('error', () => req.socket.destroy());
    req.pipe(up);
  });
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${server.address().port}`,
    log,
    dropResponses(pathPrefix, n) { drops.set(pathPrefix, n); },
    close: () => new Promise((resolve) => { server.closeAllConnections(); server.close(resolve); }),
  };
}
