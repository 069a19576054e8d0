// The connection banner: hidden while online; otherwise says what the link is doing and what the user can do
// about it. Redrawn on every state change, and once a second while a countdown runs.

import { h, replaceChildren } from './dom.js';

export class StatusBanner {
  #element;
  #connection;
  #ticker = null;
  #onSignInAgain;

  /**
   * @param {HTMLElement} element
   * @param {import('../sdk/index.js').Connection} connection
   * @param {{ onSignInAgain: () => void }} actions
   */
  constructor(element, connection, { onSignInAgain }) {
    this.#element = element;
    this.#connection = connection;
    this.#onSignInAgain = onSignInAgain;
    connection.addEventListener('state', () => this.render());
    this.render();
  }

  render() {
    const state = this.#connection.state;
    clearInterval(this.#ticker);
    this.#ticker = null;
    const content = this.#contentFor(state);
    this.#element.hidden = content === null;
    this.#element.dataset.state = state.name;
    if (content !== null) {
      replaceChildren(this.#element, content);
    }
    if (state.name === 'waiting') {
      this.#ticker = setInterval(() => this.render(), 1000);
    }
  }

  #contentFor(state) {
    const button = (label, action, testId) => h('button', { type: 'button', className: 'banner-button', dataset: { testid: testId }, on: { click: action } }, label);
    switch (state.name) {
      case 'connecting':
        return h('span', { className: 'banner-text' }, 'Connecting…');
      case 'waiting': {
        const seconds = Math.max(0, Math.ceil((state.retryAt - Date.now()) / 1000));
        const text = state.reason === 'going-away'
          ? `Server restarting; reconnecting in ${seconds} s`
          : `Reconnecting in ${seconds} s (attempt ${state.attempt})`;
        return [
          h('span', { className: 'banner-text' }, text),
          button('Reconnect now', () => this.#connection.reconnectNow(), 'reconnect-now'),
          button('Stop', () => this.#connection.stop(), 'stop-reconnecting'),
        ];
      }
      case 'offline':
        return h('span', { className: 'banner-text' }, 'Offline: waiting for the network');
      case 'stopped':
        return [h('span', { className: 'banner-text' }, 'Offline'), button('Reconnect', () => this.#connection.reconnectNow(), 'reconnect-now')];
      case 'kicked':
        return [
          h('span', { className: 'banner-text' }, `${state.message}. This tab will not reconnect.`),
          button('Sign in here', () => this.#onSignInAgain(), 'sign-in-again'),
        ];
      default:
        return null; // online, signed-out
    }
  }
}
