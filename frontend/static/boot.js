// Starts the app and registers the service worker that makes it start offline.
// wasm-bindgen's init finds frontend_bg.wasm next to frontend.js (import.meta.url).
// Without WebAssembly (iOS Lockdown Mode) or when it fails to start, the
// page's static notice (#start-failed) says why and what to do: the app
// itself cannot. An external file, as the page's CSP allows no inline script.

function startFailed(err) {
  console.error('巾帼台账 failed to start', err);
  const notice = document.getElementById('start-failed');
  if (notice) notice.hidden = false;
}

if (typeof WebAssembly === 'undefined') {
  startFailed(new Error('WebAssembly is not available'));
} else {
  import('./frontend.js').then((glue) => glue.default()).catch(startFailed);
}

if ('serviceWorker' in navigator) {
  window.addEventListener('load', () => {
    navigator.serviceWorker.register('/sw.js', { scope: '/' }).catch((err) => {
      console.warn('service worker not registered', err);
    });
  });
}
