// Keeps a link provably alive with the server's heartbeat settings (from the login answer): a ping when nothing
// was written for intervalMs, and the link declared dead when nothing was read for timeoutMs. The server sends a
// keepalive pong when it has written nothing for the interval, so a healthy idle link is read from regularly.
// One interval timer per connection; a browser throttling a hidden tab's timers only delays the check, and a
// late check after a long sleep rightly finds the link dead.

const MIN_TICK_MS = 100;
const MAX_TICK_MS = 5000;

export class HeartbeatMonitor {
  #intervalMs;
  #timeoutMs;
  #sendPing;
  #onDead;
  #now;
  #timer = null;
  #lastRead = 0;
  #lastWrite = 0;

  /**
   * @param {{ intervalMs: number, timeoutMs: number, sendPing: () => void, onDead: (silentMs: number) => void,
   *           now?: () => number }} options
   */
  constructor({ intervalMs, timeoutMs, sendPing, onDead, now = () => performance.now() }) {
    this.#intervalMs = intervalMs;
    this.#timeoutMs = timeoutMs;
    this.#sendPing = sendPing;
    this.#onDead = onDead;
    this.#now = now;
  }

  start() {
    const now = this.#now();
    this.#lastRead = now;
    this.#lastWrite = now;
    // A quarter of the shorter period: a ping is at most that late, a dead link found at most that late.
    const tick = Math.min(MAX_TICK_MS, Math.max(MIN_TICK_MS, Math.min(this.#intervalMs, this.#timeoutMs) / 4));
    this.#timer = setInterval(() => this.check(), tick);
  }

  stop() {
    clearInterval(this.#timer);
    this.#timer = null;
  }

  noteRead() {
    this.#lastRead = this.#now();
  }

  noteWrite() {
    this.#lastWrite = this.#now();
  }

  /** Applies the rules now (the timer calls this; so does the page becoming visible again). */
  check() {
    if (this.#timer === null) {
      return;
    }
    const now = this.#now();
    const silent = now - this.#lastRead;
    if (silent >= this.#timeoutMs) {
      this.stop();
      this.#onDead(silent);
      return;
    }
    if (now - this.#lastWrite >= this.#intervalMs) {
      this.#sendPing();
    }
  }
}
