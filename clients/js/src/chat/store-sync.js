// The safety net under pushes: a push is a fast hint, the server's store is the truth. While a session is up,
// every interval (and at once when the inbox meets a conversation it has no cursor for) the tab sends `sync`,
// whose answer lists the talks this device is behind on; the inbox pulls what no push brought. At most one sync
// is out at a time; one asked for meanwhile runs when it is back, so its answer is read after what prompted it.
// One timer per tab, armed only while a session is up.

/** Time between syncs when the page does not say otherwise (the SDK's default too). */
export const DEFAULT_SYNC_INTERVAL_MS = 60000;

export class StoreSync {
  #intervalMs;
  #sync;
  #timer = null;
  #sessionUp = false;
  #running = false;
  #again = false;

  /**
   * @param {{ intervalMs: number, sync: () => Promise<void> }} options sync sends one `sync` and takes its answer;
   *   a rejection (link gone, refused) is swallowed: the next sync, or the next session's talk list, catches up
   */
  constructor({ intervalMs, sync }) {
    this.#intervalMs = intervalMs;
    this.#sync = sync;
  }

  /** A session began: the first periodic sync is one interval away (the login answer is fresh). */
  sessionStarted() {
    this.#sessionUp = true;
    if (!this.#running) {
      this.#schedule();
    }
  }

  /** The session's link is gone: nothing is due until the next session. */
  sessionEnded() {
    this.#sessionUp = false;
    this.#again = false;
    clearTimeout(this.#timer);
    this.#timer = null;
  }

  /** A sync is wanted now (runs after the one out, if any). */
  syncNow() {
    if (!this.#sessionUp) {
      return;
    }
    if (this.#running) {
      this.#again = true;
      return;
    }
    void this.#run();
  }

  async #run() {
    clearTimeout(this.#timer);
    this.#timer = null;
    this.#running = true;
    try {
      do {
        this.#again = false;
        try {
          await this.#sync();
        } catch {
          // The link is gone (the next session's talk list catches up) or the server refused: the next sync tries again.
        }
      } while (this.#again && this.#sessionUp);
    } finally {
      this.#running = false;
      if (this.#sessionUp) {
        this.#schedule();
      }
    }
  }

  #schedule() {
    clearTimeout(this.#timer);
    this.#timer = setTimeout(() => void this.#run(), this.#intervalMs);
  }
}
