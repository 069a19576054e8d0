// The connection state machine: one live link at a time, authenticated by login (password) or resume (token),
// kept alive by the heartbeat, and re-established by the reconnect policy until the user signs out, presses
// Stop, or the server kicks this tab. Every link attempt has a generation number; events from an older
// attempt are ignored, so a late close of a dead socket can never tear down its successor.
//
// States (connection.state.name):
//   signed-out   no session wanted (the login screen)
//   connecting   opening a link and authenticating          { attempt }
//   online       authenticated; requests may be sent
//   waiting      link lost, next attempt scheduled          { attempt, retryAt, reason: 'lost' | 'going-away' | 'busy' }
//   offline      the browser says there is no network; waiting for its 'online' event
//   stopped      the user pressed Stop
//   kicked       the server ended the session for good      { reason, message }: no reconnect on our own
//
// Credentials: the resume token lives in the credentials' storage (credentials.js; a tab's sessionStorage in the
// browser client). The password of an interactive sign-in is kept in memory for the client's life, so that when
// a resume is rejected (the token expired, or its rotation was lost with the link that carried the answer) the
// client logs in again by itself instead of throwing the user out. A sign-in with the hosting app's access token
// (a JWT) keeps the function that gets one instead, and asks it for a fresh token for each such login. A page of an
// app that hosts Relink and signed the user in itself (its cookie rides along with the WebSocket upgrade) logs in
// with no credentials at all, and does so again whenever a resume is rejected. A reloaded tab has only the resume
// token: if that is rejected, the login screen comes back.
//
// Runs in browsers and in Node: the page's network and visibility events are used where they exist (env).

import { pageEnvironment } from '../platform.js';
import { ErrorCode, KickReason, RelinkError, int, normalizeSessionState } from '../protocol/envelope.js';
import { HeartbeatMonitor } from './heartbeat.js';
import { ReconnectPolicy } from './reconnect-policy.js';
import { RequestLink } from './request-link.js';
import { WebSocketTransport } from './transport.js';

const DEFAULT_HEARTBEAT = { intervalMs: 15000, timeoutMs: 35000 };
const SESSION_ENDED = 'Your session has ended; please sign in again.';

export class Connection extends EventTarget {
  #url;
  #credentials;
  #policy;
  #connectTimeoutMs;
  #requestTimeoutMs;
  #latestPerTalk;
  #env;
  #WebSocket;

  #auth = null; // { userId | null, password | null, getAccessToken | null, host: boolean }
  #state = { name: 'signed-out' };
  #generation = 0;
  #sessions = 0; // sessions entered since the last interactive sign-in
  #transport = null;
  #link = null;
  #heartbeat = null;
  #retryTimer = null;
  #healthyTimer = null;
  #goingAwayDelayMs = null;

  /**
   * @param {{ url: string, credentials: import('./credentials.js').Credentials, policy?: ReconnectPolicy,
   *           connectTimeoutMs?: number, requestTimeoutMs?: number, latestPerTalk?: number,
   *           env?: import('../platform.js').PageEnvironment, WebSocket?: typeof WebSocket }} options
   *   env: the page's window, document and navigator (found by itself in a browser, none in Node);
   *   WebSocket: the class to open sockets with (the global one by default)
   */
  constructor({ url, credentials, policy = new ReconnectPolicy(), connectTimeoutMs = 10000, requestTimeoutMs = 20000,
    latestPerTalk = 20, env = pageEnvironment(), WebSocket = globalThis.WebSocket }) {
    super();
    this.#url = url;
    this.#credentials = credentials;
    this.#policy = policy;
    this.#connectTimeoutMs = connectTimeoutMs;
    this.#requestTimeoutMs = requestTimeoutMs;
    this.#latestPerTalk = latestPerTalk;
    this.#env = env;
    this.#WebSocket = WebSocket;
    env.window?.addEventListener('online', () => this.#onNetworkBack());
    env.window?.addEventListener('offline', () => this.#onNetworkGone());
    env.document?.addEventListener('visibilitychange', () => this.#onVisibilityChange());
  }

  /** The current state: { name, ...details } (see the list at the top of this file). */
  get state() {
    return this.#state;
  }

  get isOnline() {
    return this.#state.name === 'online';
  }

  /**
   * Signs in from the login form (registering first when asked). Resolves once the session is up (after the
   * 'session' event); rejects with a RelinkError (wrong password, user exists, server unreachable) and leaves the
   * connection signed out. No retries: the person at the form decides.
   */
  async signIn(userId, password, { register = null } = {}) {
    await this.#signInFresh({ userId, password, getAccessToken: null, host: false }, { interactive: true, register });
  }

  /**
   * Signs in with an access token (a JWT) from the app that hosts the chat; the user is the token's subject.
   * getAccessToken is asked again whenever the session must be logged into afresh (a rejected resume), so it may
   * hand out a new token each time. Interactive (an SDK's connect): rejects with a RelinkError and stays signed out
   * when the first attempt fails. Not interactive (a page handed a token, with no form to fall back to): keeps
   * trying through link failures, and only a refused token ends it ('signed-out' event).
   * @param {() => string | Promise<string>} getAccessToken
   * @param {{ interactive?: boolean }} [options]
   */
  async signInWithToken(getAccessToken, { interactive = true } = {}) {
    await this.#signInFresh({ userId: null, password: null, getAccessToken, host: false }, { interactive });
  }

  /**
   * Signs in as the user the hosting app signed in: for a page of an app that hosts Relink with its own
   * authentication (MapRelink with UseHostAuthentication), whose cookie goes with the WebSocket upgrade. The login
   * carries no credentials ("login {}"), and so does every later login, when a resume is rejected. Interactive and
   * not interactive as for signInWithToken; a refused login ends it ('signed-out' event).
   * @param {{ interactive?: boolean }} [options]
   */
  async signInWithHost({ interactive = true } = {}) {
    await this.#signInFresh({ userId: null, password: null, getAccessToken: null, host: true }, { interactive });
  }

  /** Forgets any stored session and logs in with these credentials. */
  async #signInFresh(auth, connectOptions) {
    this.#reset();
    this.#credentials.clearResume();
    this.#policy.reset();
    this.#sessions = 0;
    this.#auth = auth;
    try {
      await this.#connect(connectOptions);
    } catch (e) {
      this.#auth = null;
      throw e;
    }
  }

  /** Continues the session stored in this tab (a reload). False when there is none. */
  resumeStored() {
    const stored = this.#credentials.loadResume();
    if (!stored) {
      return false;
    }
    this.#reset();
    this.#sessions = 0;
    this.#auth = { userId: stored.userId, password: null, getAccessToken: null, host: false };
    void this.#connect();
    return true;
  }

  /** Skips the wait before the next attempt (the banner's button, the network coming back). */
  reconnectNow() {
    if (['waiting', 'offline', 'stopped'].includes(this.#state.name) && this.#auth) {
      void this.#connect();
    }
  }

  /** Gives up reconnecting until reconnectNow (the banner's Stop button). */
  stop() {
    if (this.#state.name === 'signed-out' || this.#state.name === 'kicked') {
      return;
    }
    this.#reset();
    this.#setState({ name: 'stopped' });
  }

  /** Ends the session on the server (its resume token stops working) and forgets it here. */
  async signOut() {
    this.#auth = null; // from here on, a closing link is not a reason to reconnect
    if (this.isOnline) {
      try {
        await this.#link.request('logout', {});
      } catch {
        // Signing out locally matters more than the server's answer; the token expires by itself.
      }
    }
    this.#reset();
    this.#credentials.clearResume();
    this.#setState({ name: 'signed-out' });
  }

  /** Sends a request on the live session; rejects with CLIENT_OFFLINE when there is none. */
  request(name, body = {}) {
    if (!this.isOnline) {
      return Promise.reject(new RelinkError('CLIENT_OFFLINE', 'You are offline; try again when the connection is back.'));
    }
    return this.#link.request(name, body);
  }

  /** Sends a fire-and-forget frame (ack) on the live session; false when offline. */
  post(name, body) {
    return this.isOnline && this.#link.post(name, body);
  }

  async #connect({ interactive = false, register = null } = {}) {
    this.#reset();
    const generation = this.#generation;
    this.#setState({ name: 'connecting', attempt: this.#policy.attempt });
    const transport = new WebSocketTransport(this.#url, {
      WebSocket: this.#WebSocket,
      onEnvelope: (envelope) => generation === this.#generation && this.#link?.receive(envelope),
      onClose: (info) => this.#onClosed(generation, info),
    });
    const link = new RequestLink(transport, {
      requestTimeoutMs: this.#requestTimeoutMs,
      onPush: (name, body) => this.#onPush(generation, name, body),
    });
    this.#transport = transport;
    this.#link = link;
    try {
      await transport.open(this.#connectTimeoutMs);
      const { state, resumed } = await this.#authenticate(link, register);
      if (generation === this.#generation) {
        this.#enterSession(generation, link, state, resumed);
      }
    } catch (e) {
      if (generation !== this.#generation) {
        return; // superseded by a newer attempt, a stop or a kick
      }
      this.#reset();
      if (interactive) {
        this.#setState({ name: 'signed-out' });
        throw e;
      }
      if (e.code === ErrorCode.RESUME_REJECTED) {
        this.#signedOutByServer(SESSION_ENDED);
      } else if (e.code === ErrorCode.INVALID_CREDENTIALS || e.code === ErrorCode.INVALID_ARGUMENT) {
        this.#signedOutByServer(this.#refusedLoginMessage());
      } else {
        this.#scheduleRetry(e.retryAfterMs ?? 0);
      }
    }
  }

  async #authenticate(link, register) {
    const { userId, password, getAccessToken, host } = this.#auth;
    const deviceId = this.#credentials.deviceId;
    const canLogIn = Boolean(password || getAccessToken || host);
    if (register) {
      await link.request('register', { userId, password, nickname: register.nickname ?? '' });
    }
    const stored = this.#credentials.loadResume();
    if (stored && userId !== null && stored.userId === userId) {
      try {
        const ok = await link.request('resume', { userId, resumeToken: stored.resumeToken, deviceId, latestPerTalk: this.#latestPerTalk });
        return { state: normalizeSessionState(ok.state ?? {}), resumed: true };
      } catch (e) {
        if (e.code !== ErrorCode.RESUME_REJECTED || !canLogIn) {
          throw e;
        }
        this.#credentials.clearResume(); // the password (or token source) is still in memory: log in on this link
      }
    }
    if (!canLogIn) {
      throw new RelinkError(ErrorCode.RESUME_REJECTED, SESSION_ENDED);
    }
    // The hosting app's sign-in needs nothing in the frame: the server knows the user from the upgrade request.
    const secret = password ? { userId, password } : host ? {} : { accessToken: await getAccessToken() };
    const ok = await link.request('login', { ...secret, deviceId, latestPerTalk: this.#latestPerTalk });
    return { state: normalizeSessionState(ok), resumed: false };
  }

  #enterSession(generation, link, state, resumed) {
    this.#auth.userId = state.profile.userId; // a token's subject is known from here on: later links resume
    this.#credentials.saveResume(state.profile.userId, state.resumeToken);
    const settings = state.heartbeat.intervalMs > 0 && state.heartbeat.timeoutMs > 0 ? state.heartbeat : DEFAULT_HEARTBEAT;
    const heartbeat = new HeartbeatMonitor({
      ...settings,
      sendPing: () => link.post('ping', { clientTime: new Date().toISOString() }),
      onDead: () => generation === this.#generation && this.#transport?.close('heartbeat timeout'),
    });
    link.onRead = () => heartbeat.noteRead();
    link.onWrite = () => heartbeat.noteWrite();
    heartbeat.start();
    this.#heartbeat = heartbeat;
    this.#healthyTimer = setTimeout(() => this.#policy.reset(), this.#policy.healthyAfterMs);
    const first = this.#sessions === 0;
    this.#sessions += 1;
    this.#setState({ name: 'online' });
    this.dispatchEvent(new CustomEvent('session', { detail: { state, first, resumed } }));
  }

  #onPush(generation, name, body) {
    if (generation !== this.#generation) {
      return;
    }
    if (name === 'kicked') {
      this.#kicked(body);
      return;
    }
    if (name === 'goingAway') {
      this.#goingAwayDelayMs = int(body.reconnectAfterMs); // the server closes the link next
      return;
    }
    if (name === 'pong') {
      return; // the server's keepalive: reading it was the point
    }
    this.dispatchEvent(new CustomEvent('push', { detail: { name, body } }));
  }

  #onClosed(generation) {
    if (generation !== this.#generation) {
      return;
    }
    // While connecting, the attempt's own await fails and decides what next; here only a live session's loss.
    const wasOnline = this.isOnline;
    this.#link?.close();
    if (wasOnline && this.#auth) {
      this.#reset();
      this.#scheduleRetry();
    }
  }

  #kicked(body) {
    this.#reset();
    this.#credentials.clearResume();
    this.#auth = null; // taking the account back must be a deliberate sign-in
    const elsewhere = (body.reason ?? '') === KickReason.LOGGED_IN_ELSEWHERE;
    this.#setState({
      name: 'kicked',
      reason: body.reason ?? 'KICK_REASON_UNSPECIFIED',
      message: elsewhere ? 'Signed in on another device' : body.message || 'The server ended this session',
    });
  }

  #refusedLoginMessage() {
    if (this.#auth?.host) {
      return 'The app\'s sign-in was not accepted; please sign in to the app again.';
    }
    return this.#auth?.getAccessToken
      ? 'The sign-in token was refused; please sign in again.'
      : 'The password was refused (changed elsewhere?); please sign in again.';
  }

  #signedOutByServer(message) {
    const userId = this.#auth?.userId ?? '';
    this.#credentials.clearResume();
    this.#auth = null;
    this.#setState({ name: 'signed-out' });
    this.dispatchEvent(new CustomEvent('signed-out', { detail: { message, userId } }));
  }

  /** @param {number} [atLeastMs] a busy server's retry_after_ms (a resume storm): the wait, instead of the backoff's. */
  #scheduleRetry(atLeastMs = 0) {
    if (this.#env.navigator?.onLine === false) {
      this.#setState({ name: 'offline' });
      return;
    }
    let attempt;
    let delayMs;
    let reason = 'lost';
    if (this.#goingAwayDelayMs !== null) {
      attempt = this.#policy.attempt; // the server asked for this pause: not a failed attempt
      delayMs = this.#goingAwayDelayMs;
      reason = 'going-away';
      this.#goingAwayDelayMs = null;
    } else if (atLeastMs > 0) {
      // A busy server said when it can take us (its hint grows with its queue and carries jitter): earlier is
      // refused again, later leaves its queue idle. Not a failed attempt: the backoff does not grow for it.
      attempt = this.#policy.attempt;
      delayMs = atLeastMs;
      reason = 'busy';
    } else {
      ({ attempt, delayMs } = this.#policy.next());
    }
    this.#retryTimer = setTimeout(() => void this.#connect(), delayMs);
    this.#setState({ name: 'waiting', attempt, retryAt: Date.now() + delayMs, reason });
  }

  /** Ends the current attempt or session, whatever it is: later events of it are ignored. */
  #reset() {
    this.#generation += 1;
    clearTimeout(this.#retryTimer);
    clearTimeout(this.#healthyTimer);
    this.#retryTimer = null;
    this.#healthyTimer = null;
    this.#heartbeat?.stop();
    this.#heartbeat = null;
    this.#link?.close();
    this.#link = null;
    this.#transport?.close();
    this.#transport = null;
  }

  #onNetworkBack() {
    if (this.#state.name === 'waiting' || this.#state.name === 'offline') {
      this.reconnectNow();
    }
  }

  #onNetworkGone() {
    if (this.#state.name === 'waiting') {
      this.#reset();
      this.#setState({ name: 'offline' });
    }
  }

  #onVisibilityChange() {
    if (this.#env.document?.visibilityState !== 'visible') {
      return;
    }
    if (this.#state.name === 'waiting') {
      this.reconnectNow();
    } else if (this.isOnline) {
      this.#heartbeat?.check(); // a tab back from the background may have slept through a dead link
    }
  }

  #setState(state) {
    this.#state = state;
    this.dispatchEvent(new CustomEvent('state', { detail: state }));
  }
}
