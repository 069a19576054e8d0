// The service worker: keeps a copy of the app shell (the page, its styles and scripts, the manifest and icons) so
// the app opens without a network or while the server restarts; it then shows its reconnecting banner and keeps
// what the user types pending, like a tab that lost its link. Network first: when the server answers, the
// answer is served and replaces the copy, so an updated server is never hidden behind an old copy. Everything else
// (the WebSocket, /healthz, the admin API) never touches the cache.

const CACHE = 'relink-shell-v2'; // v2: the protocol, connection and chat modules moved to js/sdk/

// Every file under wwwroot but the admin console's, js/sdk/ being the JavaScript SDK that the build copies there from
// clients/js/src (a test checks this list against the built folder, so a new module cannot be forgotten).
const SHELL = [
  './',
  'index.html',
  'manifest.webmanifest',
  'css/relink.css',
  'icons/relink.svg',
  'icons/relink-192.png',
  'icons/relink-512.png',
  'js/main.js',
  'js/app-shell.js',
  'js/sdk/chat/ack-batcher.js',
  'js/sdk/chat/chat-client.js',
  'js/sdk/chat/chat-state.js',
  'js/sdk/chat/inbox.js',
  'js/sdk/chat/outbox.js',
  'js/sdk/chat/receipts.js',
  'js/sdk/chat/sequencer.js',
  'js/sdk/chat/sketch.js',
  'js/sdk/chat/store-sync.js',
  'js/sdk/chat/talk-snapshot.js',
  'js/sdk/chat/typing.js',
  'js/sdk/chat/presence.js',
  'js/sdk/connection/connection.js',
  'js/sdk/connection/credentials.js',
  'js/sdk/connection/heartbeat.js',
  'js/sdk/connection/reconnect-policy.js',
  'js/sdk/connection/request-link.js',
  'js/sdk/connection/transport.js',
  'js/sdk/index.js',
  'js/sdk/platform.js',
  'js/sdk/protocol/envelope.js',
  'js/sdk/relink-client.js',
  'js/ui/app-view.js',
  'js/ui/avatar.js',
  'js/ui/chat-view.js',
  'js/ui/demo-hint.js',
  'js/ui/dom.js',
  'js/ui/emoji.js',
  'js/ui/format.js',
  'js/ui/friends-view.js',
  'js/ui/linkify.js',
  'js/ui/login-view.js',
  'js/ui/message-groups.js',
  'js/ui/notifier.js',
  'js/ui/read-receipts.js',
  'js/ui/requests-inbox.js',
  'js/ui/message-menu.js',
  'js/ui/status-banner.js',
  'js/ui/talk-list-view.js',
  'js/ui/typing-line.js',
  'js/ui/viewport.js',
  'js/ui/presence.js',
  'js/ui/group-panel.js',
  'js/ui/invite-link.js',
  'js/ui/confirm-dialog.js',
  'js/ui/friend-actions.js',
  'js/ui/peer-standing.js',
];

const shellUrls = new Set(SHELL.map((path) => new URL(path, self.registration.scope).href));
// The admin console (/admin) is a page of its own, online only: never served from, or stored as, the app's copy.
const adminRoot = new URL('admin', self.registration.scope).href;

self.addEventListener('install', (event) => {
  event.waitUntil((async () => {
    const cache = await caches.open(CACHE);
    // 'reload': straight from the server, not from the browser's HTTP cache.
    await cache.addAll([...shellUrls].map((url) => new Request(url, { cache: 'reload' })));
    await self.skipWaiting();
  })());
});

self.addEventListener('activate', (event) => {
  event.waitUntil((async () => {
    for (const name of await caches.keys()) {
      if (name !== CACHE) {
        await caches.delete(name);
      }
    }
    await self.clients.claim(); // the page that registered us works offline from now on, not from its next load
  })());
});

self.addEventListener('fetch', (event) => {
  const request = event.request;
  if (request.method !== 'GET') {
    return;
  }
  const url = new URL(request.url);
  url.search = '';
  url.hash = '';
  if (url.href === adminRoot || url.href.startsWith(adminRoot + '/')) {
    return;
  }
  const key = request.mode === 'navigate' ? new URL('./', self.registration.scope).href : url.href;
  if (!shellUrls.has(key)) {
    return; // not ours: the browser fetches it as if there were no service worker
  }
  event.respondWith(networkFirst(request, key));
});

async function networkFirst(request, key) {
  const cache = await caches.open(CACHE);
  try {
    const response = await fetch(request);
    if (response.ok) {
      await cache.put(key, response.clone());
    }
    return response;
  } catch (error) {
    const copy = await cache.match(key);
    if (copy) {
      return copy;
    }
    throw error;
  }
}
