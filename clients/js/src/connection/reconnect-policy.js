// How long to wait before each reconnect attempt: 1, 2, 4, 8, 16 ... seconds, capped at 30, then jittered by
// ±20% so that clients dropped together (a server restart) do not come back in the same instant. Jitter is
// applied after the cap, or every client at the cap would retry in lockstep. Pure: the connection owns the
// timers and calls reset() once a session has stayed up for healthyAfterMs.

export class ReconnectPolicy {
  #baseMs;
  #maxMs;
  #jitter;
  #random;
  #attempt = 0;

  /** How long a session must stay up before the backoff starts from the beginning again. */
  healthyAfterMs;

  constructor({ baseMs = 1000, maxMs = 30000, jitter = 0.2, healthyAfterMs = 10000, random = Math.random } = {}) {
    this.#baseMs = baseMs;
    this.#maxMs = maxMs;
    this.#jitter = jitter;
    this.#random = random;
    this.healthyAfterMs = healthyAfterMs;
  }

  /** Attempts made since the last reset. */
  get attempt() {
    return this.#attempt;
  }

  /** Counts the next attempt and says how long to wait before it. */
  next() {
    this.#attempt += 1;
    const exponent = Math.min(this.#attempt - 1, 30); // 2^30 s is far past any cap; avoids Infinity
    const capped = Math.min(this.#maxMs, this.#baseMs * 2 ** exponent);
    const factor = 1 - this.#jitter + 2 * this.#jitter * this.#random();
    return { attempt: this.#attempt, delayMs: Math.round(capped * factor) };
  }

  /** Starts over (a session stayed up for healthyAfterMs, or a new sign-in). */
  reset() {
    this.#attempt = 0;
  }
}
