// Service worker of 巾帼台账: the app starts with no network.
// One cache holds exactly one build; every asset of a build lives under
// /assets/<BUILD>/, so old JS never meets new wasm. BUILD is filled in by
// scripts/build-frontend.sh.
const BUILD = '__BUILD__';
const CACHE = 'jinguo-' + BUILD;
const PRECACHE = [
  '/index.html',
  '/manifest.webmanifest',
  '/icons/icon.svg',
  '/icons/icon-192.png',
  '/icons/icon-512.png',
  '/icons/icon-maskable-512.png',
  '/assets/' + BUILD + '/frontend.js',
  '/assets/' + BUILD + '/frontend_bg.wasm',
  '/assets/' + BUILD + '/boot.js',
  '/assets/' + BUILD + '/app.css',
  // The wasm chunks (the office's screens) and their loader, filled in by
  // scripts/build-frontend.sh.
  ...['__CHUNKS__'].map((name) => '/assets/' + BUILD + '/' + name),
];

// A build's own files never change, so a copy the page already holds is
// taken as it is: on a 2G link the wasm must not cross twice. boot.js puts
// the page's wasm into this cache on a first visit before registering this
// worker; the other assets come from the HTTP cache. Everything else is
// revalidated, so the cache never keeps a stale page.
function fetchForCache(url) {
  return url.startsWith('/assets/') ? fetch(url) : fetch(url, { cache: 'no-cache' });
}

function precache(cache, url) {
  const fetchIt = () => fetchForCache(url).then((resp) => {
    if (!resp.ok) throw new Error(url + ': ' + resp.status);
    return cache.put(url, resp);
  });
  if (!url.startsWith('/assets/')) return fetchIt();
  return cache.match(url).then((held) => (held ? undefined : fetchIt()));
}

self.addEventListener('install', (event) => {
  event.waitUntil(
    caches.open(CACHE)
      .then((cache) => Promise.all(PRECACHE.map((url) => precache(cache, url))))
      .then(() => self.skipWaiting()),
  );
});

self.addEventListener('activate', (event) => {
  event.waitUntil(
    caches.keys()
      .then((keys) => Promise.all(keys
        .filter((key) => key.startsWith('jinguo-') && key !== CACHE)
        .map((key) => caches.delete(key))))
      .then(() => self.clients.claim()),
  );
});

self.addEventListener('fetch', (event) => {
  const request = event.request;
  if (request.method !== 'GET') return;
  const url = new URL(request.url);
  if (url.origin !== self.location.origin || url.pathname.startsWith('/api/')) return;
  if (request.mode === 'navigate') {
    event.respondWith(
      caches.match('/index.html', { cacheName: CACHE })
        .then((cached) => cached || fetch(request)),
    );
    return;
  }
  event.respondWith(
    caches.match(request, { cacheName: CACHE })
      .then((cached) => cached || fetch(request)),
  );
});
