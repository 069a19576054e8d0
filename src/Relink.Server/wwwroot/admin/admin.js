// The admin console page: sign-in, server info per node, live charts, and users with their actions. Its own small
// script on purpose: it talks JSON over HTTP to /admin/api, not the chat protocol, so it shares no module with the
// chat client.

import { adminApi, AdminApiError } from './admin-api.js';
import { createCharts } from './charts.js';

const PAGE_SIZE = 20;
const REFRESH_MS = 5000; // server info and the user list; the charts follow the server's sample interval

const $ = (id) => document.getElementById(id);
const state = { query: '', online: true, offset: 0, lastSeq: 0, samples: [], capacity: 600, intervalMs: 1000, generation: 0 };
let drawCharts = null;

function show(signedIn) {
  $('signin-screen').hidden = signedIn;
  $('console').hidden = !signedIn;
}

function notify(text, isError = false) {
  const notice = $('notice');
  notice.textContent = text;
  notice.classList.toggle('error', isError);
}

// A 401 anywhere means the sign-in expired or was ended: back to the form.
function failed(error) {
  if (error instanceof AdminApiError && error.status === 401) {
    stop();
    show(false);
    $('signin-error').textContent = 'Your admin sign-in has ended; sign in again.';
    return;
  }
  notify(error.message, true);
}

// Ends every refresh loop: each sees the generation moved on and does not run again.
function stop() {
  state.generation += 1;
}

// Runs `task` now and again `delay()` ms after each run ends, until a 401 or stop().
function every(delay, task) {
  const generation = state.generation;
  const run = async () => {
    if (generation !== state.generation) {
      return;
    }
    try {
      await task();
    } catch (error) {
      failed(error);
      if (error instanceof AdminApiError && error.status === 401) {
        return;
      }
    }
    setTimeout(run, delay());
  };
  run();
}

// .NET writes a TimeSpan as [d.]hh:mm:ss[.fffffff]; the console shows days and whole seconds.
function uptime(text) {
  const match = /^(?:(\d+)\.)?(\d+:\d+:\d+)/.exec(text);
  return match ? (match[1] ? `${match[1]} d ` : '') + match[2] : text;
}

// A definition list of [term, value] rows; each value's test id is the prefix and the term in kebab case.
function factList(className, prefix, rows) {
  const facts = document.createElement('dl');
  facts.className = className;
  facts.dataset.testid = prefix;
  for (const [term, value] of rows) {
    const pair = document.createElement('div');
    const dt = document.createElement('dt');
    dt.textContent = term;
    const dd = document.createElement('dd');
    dd.textContent = String(value);
    dd.dataset.testid = `${prefix}-${term.toLowerCase().replaceAll(' ', '-')}`;
    pair.append(dt, dd);
    facts.append(pair);
  }
  return facts;
}

async function refreshStatus() {
  const status = await adminApi.status();
  const list = $('nodes');
  // The answering node's own figures ("this node"), then in a cluster the whole cluster's as last counted.
  const items = status.nodes.map((node) => {
    const item = document.createElement('li');
    item.append(factList('node', 'node', [
      ['Node', node.nodeId ? `${node.nodeId} (this node)` : 'single node'], ['Version', node.version], ['Host', node.host],
      ['TCP port', node.tcpPort], ['HTTP port', node.httpPort], ['Started', new Date(node.startedAt).toLocaleString()],
      ['Uptime', uptime(node.uptime)], ['Connections', node.connections], ['Online sessions', node.online],
    ]));
    return item;
  });
  if (status.clustered) {
    const item = document.createElement('li');
    const cluster = status.cluster;
    item.append(factList('node', 'cluster', cluster
      ? [
        ['Cluster', `${cluster.users} users online on ${cluster.liveNodes} live nodes`], ['Live nodes', cluster.liveNodes],
        ['Users online', cluster.users], ['Sessions', cluster.sessions],
        ['Per node', cluster.nodes.map((n) => `${n.nodeId}: ${n.sessions}`).join(', ')],
        ['Counted', new Date(cluster.asOf).toLocaleTimeString()],
      ]
      : [['Cluster', 'not counted yet (or the store is out of reach)']]));
    items.push(item);
  }
  list.replaceChildren(...items);
}

async function refreshCharts() {
  const report = await adminApi.charts(state.lastSeq);
  state.capacity = report.capacity;
  state.intervalMs = Math.max(250, report.intervalMs);
  if (report.samples.length > 0) {
    state.samples = state.samples.concat(report.samples).slice(-report.capacity);
    state.lastSeq = report.samples.at(-1).seq;
  }
  drawCharts(state.samples, state.capacity);
}

function actionButton(user, action, label, danger = false) {
  const button = document.createElement('button');
  button.type = 'button';
  button.className = danger ? 'action danger' : 'action';
  button.textContent = label;
  button.setAttribute('aria-label', `${label}: ${user.userId}`);
  button.dataset.testid = `action-${action}`;
  button.addEventListener('click', async () => {
    button.disabled = true;
    try {
      const done = await adminApi.act(user.userId, action);
      const kicked = done.kicked > 0 ? ` (${done.kicked} session${done.kicked === 1 ? '' : 's'} closed)` : '';
      notify(`${label}: ${user.userId}, done${kicked}.`);
      await refreshUsers();
    } catch (error) {
      failed(error);
    } finally {
      button.disabled = false;
    }
  });
  return button;
}

async function refreshUsers() {
  const page = await adminApi.users({ q: state.query, online: state.online, offset: state.offset, limit: PAGE_SIZE });
  $('user-rows').replaceChildren(...page.users.map((user) => {
    const row = document.createElement('tr');
    row.dataset.testid = 'user-row';
    row.dataset.userId = user.userId;
    const who = document.createElement('td');
    const id = document.createElement('strong');
    id.textContent = user.userId;
    const nick = document.createElement('span');
    nick.className = 'user-nick';
    nick.textContent = user.nickname;
    who.append(id, nick);
    const status = document.createElement('td');
    status.textContent = user.online ? 'online' : 'offline';
    status.className = user.online ? 'online' : 'muted';
    status.dataset.testid = 'user-status';
    const devices = document.createElement('td');
    // In a cluster's online list each device names its node.
    const named = user.devices.map((device, i) => (user.nodes ? `${device} on ${user.nodes[i]}` : device));
    devices.textContent = named.length > 0 ? named.join(', ') : '—';
    const actions = document.createElement('td');
    const group = document.createElement('div');
    group.className = 'actions';
    group.append(
      actionButton(user, 'sign-out', 'Sign out everywhere'),
      actionButton(user, 'revoke-tokens', 'Revoke tokens'),
      actionButton(user, 'disable', 'Disable', true),
      actionButton(user, 'enable', 'Enable'));
    actions.append(group);
    row.append(who, status, devices, actions);
    return row;
  }));
  $('users-empty').hidden = page.users.length > 0;
  const last = state.offset + page.users.length;
  $('page-info').textContent = page.users.length === 0 ? '' : `${state.offset + 1}–${last}${page.total === null ? '' : ` of ${page.total}`}`;
  $('prev-page').disabled = state.offset === 0;
  $('next-page').disabled = !page.hasMore;
  $('users-caption').textContent = state.online ? 'Online users' : 'All users';
}

function start(admin) {
  stop();
  $('admin-name').textContent = admin;
  show(true);
  notify('');
  every(() => REFRESH_MS, refreshStatus);
  every(() => REFRESH_MS, refreshUsers);
  every(() => state.intervalMs, refreshCharts);
}

function wire() {
  drawCharts = createCharts($('charts'));
  let useToken = false;
  $('signin-toggle').addEventListener('click', () => {
    useToken = !useToken;
    $('signin-user-row').hidden = useToken;
    $('signin-password-row').hidden = useToken;
    $('signin-token-row').hidden = !useToken;
    $('signin-toggle').textContent = useToken ? 'Use an admin account instead' : 'Use the admin token instead';
  });
  $('signin-form').addEventListener('submit', async (event) => {
    event.preventDefault();
    $('signin-error').textContent = '';
    const credentials = useToken
      ? { token: $('signin-token').value }
      : { userId: $('signin-user').value.trim(), password: $('signin-password').value };
    try {
      const signedIn = await adminApi.signIn(credentials);
      $('signin-password').value = '';
      $('signin-token').value = '';
      start(signedIn.admin);
    } catch (error) {
      $('signin-error').textContent = error.message;
    }
  });
  $('signout').addEventListener('click', async () => {
    stop();
    await adminApi.signOut().catch(() => {});
    show(false);
  });
  $('online-only').addEventListener('change', () => $('user-search').requestSubmit());
  $('user-search').addEventListener('submit', (event) => {
    event.preventDefault();
    state.query = $('user-query').value.trim();
    state.online = $('online-only').checked;
    state.offset = 0;
    refreshUsers().catch(failed);
  });
  $('prev-page').addEventListener('click', () => {
    state.offset = Math.max(0, state.offset - PAGE_SIZE);
    refreshUsers().catch(failed);
  });
  $('next-page').addEventListener('click', () => {
    state.offset += PAGE_SIZE;
    refreshUsers().catch(failed);
  });
}

wire();
adminApi.whoAmI().then((me) => start(me.admin), () => show(false));
