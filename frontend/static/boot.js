// Starts the app and registers the service worker that makes it start offline.
// Without WebAssembly (iOS Lockdown Mode) or when it fails to start, the
// page's static notice (#start-failed) says why and what to do: the app
// itself cannot. An external file, as the page's CSP allows no inline script.
//
// The wasm crosses the network once on a first visit, in every engine:
// - This script fetches it itself, at once, and hands the response to
//   wasm-bindgen's init. There is no <link rel=preload> for it: WebKit never
//   gives an `as="fetch"` preload to a later fetch(), whatever its mode and
//   credentials, and fetched it twice (preload, then init's own fetch).
// - The service worker is registered only when that fetch has settled, and
//   on a first visit (no worker yet) the page's copy is put into the build's
//   cache, where the worker's install finds it; so the install never races
//   the page for the same bytes on a slow link.

const wasmUrl = new URL('frontend_bg.wasm', import.meta.url);
// Assets live under /assets/<BUILD>/; the worker's cache is named after it.
const build = wasmUrl.pathname.split('/')[2];

function startFailed(err) {
  console.error('巾帼台账 failed to start', err);
  const notice = document.getElementById('start-failed');
  if (notice) notice.hidden = false;
}

/** Keeps the page's copy of the wasm for the service worker (first visit). */
function keepForWorker(response) {
  if (!response.ok || !('caches' in self) || !('serviceWorker' in navigator)) return Promise.resolve();
  if (navigator.serviceWorker.controller) return Promise.resolve(); // the worker fetched it
  return caches.open('jinguo-' + build)
    .then((cache) => cache.put(wasmUrl.pathname, response))
    .catch((err) => console.warn('wasm not kept for the service worker', err));
}

function registerWorker() {
  if (!('serviceWorker' in navigator)) return;
  navigator.serviceWorker.register('/sw.js', { scope: '/' }).catch((err) => {
    console.warn('service worker not registered', err);
  });
}

if (typeof WebAssembly === 'undefined') {
  startFailed(new Error('WebAssembly is not available'));
  registerWorker();
} else {
  // The same request wasm-bindgen's init would make (mode cors, credentials
  // same-origin), made here so that it is made once.
  const fetched = fetch(wasmUrl);
  let copy = null;
  const forInit = fetched.then((response) => {
    copy = response.clone();
    return response;
  });
  import('./frontend.js')
    .then((glue) => glue.default({ module_or_path: forInit }))
    .catch(startFailed)
    .then(() => (copy ? keepForWorker(copy) : undefined))
    .finally(registerWorker);
}
