// An HTTP proxy that plays a slow link: every response body trickles to the
// browser at `bytesPerSecond`, and every request that reaches it (so not
// one the browser answered from its own caches) is written down, in order.
// For counting how often a first visit fetches a file over the network.
import http from 'node:http';

/**
 * @param {string} upstream  e.g. http://127.0.0.1:1234
 * @param {{bytesPerSecond?: number}} opts
 * @returns {Promise<{url: string, requests: {method: string, path: string}[],
 *   count: (path: string) => number, close: () => Promise<void>}>}
 */
export async function startSlowLink(upstream, { bytesPerSecond = 200_000 } = {}) {
  const target = new URL(upstream);
  const requests = [];
  const slice = 4096;
  const pause = (ms) => new Promise((r) => setTimeout(r, ms));

  const server = http.createServer((req, res) => {
    requests.push({ method: req.method, path: req.url.split('?')[0] });
    const up = http.request(
      { host: target.hostname, port: target.port, method: req.method, path: req.url, headers: req.headers },
      async (upRes) => {
        res.writeHead(upRes.statusCode, upRes.headers);
        try {
          for await (const chunk of upRes) {
            for (let at = 0; at < chunk.length; at += slice) {
              const part = chunk.subarray(at, at + slice);
              res.write(part);
              await pause((part.length / bytesPerSecond) * 1000);
            }
          }
          res.end();
        } catch {
          res.destroy();
        }
      },
    );
    up.on('error', () => res.destroy());
    req.pipe(up);
  });
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${server.address().port}`,
    requests,
    count: (path) => requests.filter((r) => r.path === path).length,
    close: () => new Promise((resolve) => { server.closeAllConnections(); server.close(resolve); }),
  };
}
