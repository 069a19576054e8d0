// The line above the composer of a direct talk that cannot take messages: the two are not friends (any more), or
// this user blocks the other (with Unblock at hand). Sending there would only be refused, so the talk says why
// first and the composer is off. Nothing is said until the server's friends and blocks are known (an offline
// reload shows only the talk list, and its outbox still takes messages).

import { Kind } from '../sdk/index.js';
import { h, replaceChildren } from './dom.js';

export class PeerStanding {
  #chat;
  #said = '';
  element = h('div', { className: 'talk-standing', dataset: { testid: 'talk-standing' }, attrs: { role: 'status' }, hidden: true });

  /** @param {import('../sdk/index.js').ChatClient} chat */
  constructor(chat) {
    this.#chat = chat;
  }

  /**
   * Shows what stands in the way of writing to the peer of the open talk, if anything.
   * @returns {boolean} whether sending there is refused
   */
  show(peer, name) {
    const state = this.#chat.state;
    const refused = peer !== null && peer.kind === Kind.DIRECT && state.relationsKnown && !state.friends.has(peer.id);
    const blocked = refused && state.blocked.has(peer.id);
    const who = name || peer?.id || '';
    const text = !refused ? ''
      : blocked ? `You blocked ${who}. Their messages do not reach you, and you cannot write to them.`
        : `You and ${who} are not friends, so messages cannot be sent here. To talk again, one of you asks the other to be friends.`;
    if (text !== this.#said) {
      this.#said = text; // redrawn only when it changes: the status region speaks each change once
      const unblock = blocked ? h('button', {
        type: 'button', className: 'small-button', dataset: { testid: 'standing-unblock' }, attrs: { 'aria-label': `Unblock ${who}` },
        on: { click: (e) => this.#unblock(peer.id, e.currentTarget) },
      }, 'Unblock') : null;
      replaceChildren(this.element, text ? h('span', { dataset: { testid: 'standing-text' } }, text) : null, unblock);
    }
    this.element.hidden = !refused;
    return refused;
  }

  async #unblock(userId, button) {
    button.disabled = true;
    try {
      await this.#chat.unblockUser(userId);
    } catch (e) {
      button.disabled = false;
      replaceChildren(this.element, h('span', {}, e.message));
      this.#said = e.message;
    }
  }
}
