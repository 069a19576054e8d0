// Entry point: builds the modules and starts. Layers, each in its own folder:
//   protocol/    the wire contract as plain objects
//   connection/  transport, request correlation, heartbeat, reconnect policy, credentials, the state machine
//   chat/        inbox (order and gaps), acks, outbox (pending sends), chat state, chat actions, the last-seen
//                talk list (for a reload without a network)
//   ui/          the views: the only code that builds DOM
//   app-shell.js the service worker (sw.js) that lets the app open without a network

import { ChatClient } from './chat/chat-client.js';
import { Connection } from './connection/connection.js';
import { SessionCredentials } from './connection/credentials.js';
import { registerAppShell } from './app-shell.js';
import { AppView } from './ui/app-view.js';
import { followVisualViewport } from './ui/viewport.js';

followVisualViewport();
registerAppShell();

const scheme = location.protocol === 'https:' ? 'wss' : 'ws';
const credentials = new SessionCredentials();
await credentials.claimDevice();

const connection = new Connection({ url: `${scheme}://${location.host}/ws`, credentials });
// ?syncIntervalMs=N shortens the store sync (the bound on a lost push; tests use it); the default is a minute.
const syncIntervalMs = Number(new URLSearchParams(location.search).get('syncIntervalMs')) || undefined;
const chat = new ChatClient(connection, { syncIntervalMs });
const app = new AppView(connection, chat);

const stored = credentials.loadResume();
if (stored && connection.resumeStored()) {
  chat.showLastSeen(stored.userId); // without a network, what this tab last showed (unsent messages pending)
  app.showApp(); // a reload: the session continues; the banner says "Connecting…"
} else {
  app.showLogin();
}

// For a look from the browser console; the page does not use it.
window.relink = Object.freeze({ connection, chat });
