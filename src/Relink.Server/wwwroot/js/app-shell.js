// Makes the app installable and able to open without a network: registers the service worker (sw.js) that keeps
// the app shell. Without service workers (an insecure origin, an old browser) the app works as before, online only.

export function registerAppShell() {
  if (!('serviceWorker' in navigator)) {
    return;
  }
  navigator.serviceWorker.register('sw.js', { scope: './', type: 'classic' }).catch(() => {
    // No copy for offline use this time; the app itself is unaffected.
  });
}
