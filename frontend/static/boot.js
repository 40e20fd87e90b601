// Starts the app and registers the service worker that makes it start offline.
// wasm-bindgen's init finds frontend_bg.wasm next to frontend.js (import.meta.url).
import init from './frontend.js';

init().catch((err) => {
  console.error('巾帼台账 failed to start', err);
});

if ('serviceWorker' in navigator) {
  window.addEventListener('load', () => {
    navigator.serviceWorker.register('/sw.js', { scope: '/' }).catch((err) => {
      console.warn('service worker not registered', err);
    });
  });
}
