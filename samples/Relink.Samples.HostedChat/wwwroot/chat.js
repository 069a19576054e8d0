// The hosted chat page, on the Relink JavaScript SDK (served by the app at /js/sdk/, UseRelinkJavaScriptSdk). It
// connects to Relink over the app's own origin (/relink/ws): the browser sends the app's sign-in cookie with the
// WebSocket upgrade, so the client signs in with no credentials (hostSignIn: "login {}") as the user the app signed
// in. The SDK keeps the link alive (heartbeat), reconnects and resumes the session when it drops, keeps sends in an
// outbox until they are stored, and hands every message over once, in order. This page only draws.

import { Kind, RelinkClient } from '/js/sdk/index.js';

const me = await (await fetch('/api/me')).json();
document.getElementById('me').textContent = me.name;

const scheme = location.protocol === 'https:' ? 'wss' : 'ws';
const client = new RelinkClient({
  url: `${scheme}://${location.host}/relink/ws`,
  hostSignIn: true,
  storage: sessionStorage, // the resume token and unsent messages, for this tab
});
const conversations = new Map(); // peer user id → the messages of the conversation, in order
let peer = null; // the user id of the open conversation

const statusText = {
  connecting: 'Connecting…',
  online: 'Online',
  waiting: 'Reconnecting…',
  offline: 'Offline: waiting for the network',
  kicked: 'Signed in elsewhere',
};

function setStatus(text) {
  document.getElementById('status').textContent = text;
}

client.on('state', (state) => {
  if (statusText[state.name]) {
    setStatus(statusText[state.name]);
  }
});
client.on('signed-out', ({ message }) => setStatus(`Signed out: ${message}`));

client.on('message', (message) => {
  if (message.peer.kind !== Kind.DIRECT) {
    return; // this page has direct conversations only
  }
  const messages = conversations.get(message.peer.id) ?? [];
  messages.push(message);
  conversations.set(message.peer.id, messages);
  if (message.peer.id === peer) {
    show(message);
  }
});

function show(message) {
  const item = document.createElement('li');
  item.dataset.testid = 'message';
  const sender = document.createElement('strong');
  sender.textContent = message.sender.nickname + ': ';
  item.append(sender, message.text); // text, never markup
  document.getElementById('messages').append(item);
}

async function open(person) {
  peer = person.userId;
  document.getElementById('peer-name').textContent = person.name;
  document.getElementById('messages').replaceChildren();
  (conversations.get(person.userId) ?? []).forEach(show);
  document.getElementById('composer').hidden = false;
  // Relink talks between friends; the app decides who those are (Program.cs, /api/talk-with).
  const made = await fetch(`/api/talk-with/${encodeURIComponent(person.userId)}`, { method: 'POST' });
  if (!made.ok) {
    setStatus(`${person.name} has not signed in yet.`);
  }
}

document.getElementById('composer').addEventListener('submit', (event) => {
  event.preventDefault();
  const input = document.getElementById('text');
  // Shown when stored (the 'message' event); while the link is down it waits in the outbox and goes out after it.
  client.send({ to: peer, text: input.value }).catch((e) => setStatus(`Not sent: ${e.message}`));
  input.value = '';
});

function listPeople() {
  const people = document.getElementById('people');
  for (const person of me.people) {
    const button = document.createElement('button');
    button.type = 'button';
    button.textContent = person.name;
    button.dataset.testid = 'person-' + person.userId;
    button.addEventListener('click', () => open(person));
    const item = document.createElement('li');
    item.append(button);
    people.append(item);
  }
}

client.on('session', ({ first }) => first && listPeople());
try {
  await client.connect();
} catch (e) {
  setStatus(`Could not join the chat: ${e.message}`);
}

// For a look from the browser console; the page does not use it.
window.hostedChat = Object.freeze({ client });
