// A TCP proxy between a client and the server that can fail the way networks do: cut every link (both ends see a
// reset), refuse new connections, or go silent (a black hole: the links stay open, nothing passes).

import net from 'node:net';

export class TcpProxy {
  #server;
  #target;
  #pairs = new Set();
  #refusing = false;
  #silent = false;

  constructor(server, target) {
    this.#server = server;
    this.#target = target;
  }

  /** Starts a proxy on a free port of 127.0.0.1 in front of host:port. */
  static async start({ host, port }) {
    const server = net.createServer();
    const proxy = new TcpProxy(server, { host, port });
    server.on('connection', (client) => proxy.#accept(client));
    await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
    return proxy;
  }

  get port() {
    return this.#server.address().port;
  }

  /** Resets every open link. */
  cutAll() {
    for (const pair of this.#pairs) {
      pair.client.resetAndDestroy();
      pair.upstream.resetAndDestroy();
    }
    this.#pairs.clear();
  }

  /** New connections are reset at once (the server looks down). */
  refuseNew() {
    this.#refusing = true;
  }

  acceptNew() {
    this.#refusing = false;
  }

  /** Nothing passes on open links, which stay open; new links are silent too until speak(). */
  goSilent() {
    this.#silent = true;
  }

  speak() {
    this.#silent = false;
  }

  async stop() {
    this.cutAll();
    await new Promise((resolve) => this.#server.close(resolve));
  }

  #accept(client) {
    if (this.#refusing) {
      client.resetAndDestroy();
      return;
    }
    const upstream = net.connect(this.#target);
    const pair = { client, upstream };
    this.#pairs.add(pair);
    const forward = (from, to) => from.on('data', (chunk) => {
      if (!this.#silent) {
        to.write(chunk);
      }
    });
    forward(client, upstream);
    forward(upstream, client);
    const end = () => {
      this.#pairs.delete(pair);
      client.destroy();
      upstream.destroy();
    };
    for (const socket of [client, upstream]) {
      socket.on('error', end);
      socket.on('close', end);
    }
  }
}
