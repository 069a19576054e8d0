// The live server these tests run against: a .NET test (tests/Relink.Js.Tests) starts one and runs
// `node --test` with its WebSocket endpoint in RELINK_URL. Accounts are registered here, each test its own.

import { Connection, Credentials, RelinkClient } from '../../src/index.js';

export const PASSWORD = 'relink-test-pw';

/** ws://127.0.0.1:PORT/ws of the live server. */
export function serverUrl() {
  const url = process.env.RELINK_URL;
  if (!url) {
    throw new Error('RELINK_URL is not set: these tests need a live server (tests/Relink.Js.Tests starts one and runs them).');
  }
  return url;
}

/** The server's host and port, for a proxy in front of it. */
export function serverAddress() {
  const url = new URL(serverUrl());
  return { host: url.hostname, port: Number(url.port) };
}

let counter = 0;

/** A user id no other test uses. */
export function uniqueUserId(name) {
  counter += 1;
  return `${name}${process.pid}x${counter}`;
}

/**
 * Registers users, each a friend of every other: each asks every other, so each pair's second request crosses the
 * first and makes the friendship.
 */
export async function createFriends(...userIds) {
  const connections = [];
  for (const userId of userIds) {
    const connection = new Connection({ url: serverUrl(), credentials: new Credentials() });
    await connection.signIn(userId, PASSWORD, { register: { nickname: userId } });
    connections.push(connection);
  }
  for (const [i, connection] of connections.entries()) {
    for (const friend of userIds.filter((id) => id !== userIds[i])) {
      await connection.request('requestFriend', { userId: friend });
    }
  }
  for (const connection of connections) {
    await connection.signOut();
  }
}

/** A connected client of a user, through a proxy's port when given; close() it at the end. */
export async function connectedClient(userId, { port, ...options } = {}) {
  const url = port ? `ws://127.0.0.1:${port}/ws` : serverUrl();
  const client = new RelinkClient({ url, userId, password: PASSWORD, reconnect: { baseMs: 50, maxMs: 200 }, ...options });
  await client.connect();
  return client;
}

/** Resolves with the first event of this type whose detail passes the test (within the deadline). */
export function nextEvent(client, type, test = () => true, timeoutMs = 20000) {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      stop();
      reject(new Error(`No '${type}' event in ${timeoutMs} ms.`));
    }, timeoutMs);
    const stop = client.on(type, (detail) => {
      if (test(detail)) {
        clearTimeout(timer);
        stop();
        resolve(detail);
      }
    });
  });
}

/** Collects the texts of a client's 'message' events, and resolves once a count of them from a sender arrived. */
export function collectMessages(client) {
  const received = [];
  const waiters = [];
  client.on('message', (message) => {
    received.push(message);
    for (const waiter of [...waiters]) {
      waiter.check();
    }
  });
  return {
    received,
    /** Texts from a sender, in the order received. */
    textsFrom: (senderId) => received.filter((m) => m.sender.userId === senderId).map((m) => m.text),
    until(test, timeoutMs = 20000) {
      return new Promise((resolve, reject) => {
        const waiter = {
          check: () => {
            if (test(received)) {
              clearTimeout(waiter.timer);
              waiters.splice(waiters.indexOf(waiter), 1);
              resolve();
            }
          },
          timer: setTimeout(() => {
            waiters.splice(waiters.indexOf(waiter), 1);
            reject(new Error(`Messages never got there; received: ${JSON.stringify(received.map((m) => m.text))}`));
          }, timeoutMs),
        };
        waiters.push(waiter);
        waiter.check();
      });
    },
  };
}
