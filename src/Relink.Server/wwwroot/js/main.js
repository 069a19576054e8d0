// Entry point: builds the modules and starts. Layers, each in its own folder:
//   sdk/         the JavaScript SDK (clients/js/src, copied here by the server's build): protocol/ (the wire
//                contract as plain objects), connection/ (transport, request correlation, heartbeat, reconnect
//                policy, credentials, the state machine), chat/ (inbox, acks, outbox, chat state, chat actions,
//                the last-seen talk list for a reload without a network)
//   ui/          the views: the only code that builds DOM
//   app-shell.js the service worker (sw.js) that lets the app open without a network

import { ChatClient, Connection, SessionCredentials } from './sdk/index.js';
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

const handedToken = takeHandedToken();
const stored = credentials.loadResume();
if (handedToken) {
  // Signed in by the hosting app: no form. Each page load logs in afresh with the token rather than resuming what
  // the tab stored, which may belong to a user the hosting app has signed out since.
  void connection.signInWithToken(handedToken, { interactive: false });
  app.showApp(); // the banner says "Connecting…"; a refused token brings the login screen with a message
} else if (stored && connection.resumeStored()) {
  chat.showLastSeen(stored.userId); // without a network, what this tab last showed (unsent messages pending)
  app.showApp(); // a reload: the session continues; the banner says "Connecting…"
} else {
  app.showLogin();
}

/**
 * A token for signing in that the page hosting the chat handed in, as a function that gets one; null when none.
 * Two ways, neither of which puts the token in the address (where server logs and the Referer header would keep
 * it): a script of the hosting page, run before this module, sets `window.relinkConfig = { accessToken }` or
 * `{ getAccessToken }` (a function, asked again whenever a fresh login is needed); or a page of the same origin
 * puts it in sessionStorage under "relink.accessToken" before opening the chat, which takes it out at once.
 */
function takeHandedToken() {
  const config = window.relinkConfig ?? {};
  if (typeof config.getAccessToken === 'function') {
    return () => config.getAccessToken();
  }
  let token = typeof config.accessToken === 'string' && config.accessToken !== '' ? config.accessToken : null;
  try {
    token ??= sessionStorage.getItem('relink.accessToken') || null;
    sessionStorage.removeItem('relink.accessToken');
  } catch {
    // Storage disabled: no handoff that way.
  }
  return token === null ? null : () => token;
}

// For a look from the browser console; the page does not use it.
window.relink = Object.freeze({ connection, chat });
