// The hosted chat page. It connects to Relink over the app's own origin (/relink/ws): the browser sends the app's
// sign-in cookie with the WebSocket upgrade, so the login carries no credentials ("login {}") and Relink logs in
// the user the app signed in. Deliberately small (one conversation at a time, no reconnect): a real page would use
// the Relink JavaScript SDK for heartbeat, reconnect, resume and the outbox (docs/integration.md).

const me = await (await fetch('/api/me')).json();
document.getElementById('me').textContent = me.name;

const scheme = location.protocol === 'https:' ? 'wss' : 'ws';
const socket = new WebSocket(`${scheme}://${location.host}/relink/ws`, 'relink.json');
const pending = new Map(); // requestId → { resolve, reject }
let nextRequestId = 0;
let peer = null; // the user id of the open conversation

function request(name, body = {}) {
  const requestId = ++nextRequestId;
  socket.send(JSON.stringify({ requestId, [name]: body }));
  return new Promise((resolve, reject) => pending.set(requestId, { resolve, reject }));
}

socket.addEventListener('message', (event) => {
  const envelope = JSON.parse(event.data);
  const waiting = pending.get(envelope.requestId ?? 0);
  if (waiting) {
    pending.delete(envelope.requestId);
    envelope.error ? waiting.reject(new Error(envelope.error.message)) : waiting.resolve(envelope);
  } else if (envelope.message?.message?.peer?.id === peer) {
    show(envelope.message.message); // a push: a message in the open conversation
  }
});
socket.addEventListener('close', () => setStatus('Disconnected: reload the page to reconnect.'));

function setStatus(text) {
  document.getElementById('status').textContent = text;
}

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
  document.getElementById('composer').hidden = false;
  const to = { kind: 'CONVERSATION_KIND_DIRECT', id: person.userId };
  try {
    await request('addFriend', { userId: person.userId }); // Relink talks between friends; the app decides who those are
    const page = await request('history', { peer: to });
    (page.historyOk.messages ?? []).forEach(show);
  } catch (e) {
    setStatus(`${person.name} has not signed in yet: ${e.message}`);
  }
}

document.getElementById('composer').addEventListener('submit', async (event) => {
  event.preventDefault();
  const input = document.getElementById('text');
  const to = { kind: 'CONVERSATION_KIND_DIRECT', id: peer };
  const answer = await request('sendMessage', { clientMsgId: crypto.randomUUID(), to, type: 'MESSAGE_TYPE_TEXT', text: input.value });
  show(answer.sendMessageOk.message);
  input.value = '';
});

socket.addEventListener('open', async () => {
  const login = await request('login', { deviceId: 'hosted-' + crypto.randomUUID().slice(0, 8) });
  setStatus('Online');
  // Relink's heartbeat: a ping whenever the page has been quiet for the interval the server gave.
  setInterval(() => socket.send(JSON.stringify({ ping: {} })), login.loginOk.heartbeat.intervalMs);
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
});
