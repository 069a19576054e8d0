// Friend requests: the inbox at the top of the friends tab (requests to you, oldest first, with Accept, Decline
// and Block; your own pending requests, with Cancel), and a badge on the friends tab counting requests to you.
// It follows the chat state: a request pushed while the tab is open appears at once, and an answer on another
// device takes it away.

import { avatar } from './avatar.js';
import { h, replaceChildren } from './dom.js';
import { blockRequesterButton } from './friend-actions.js';

export class RequestsInbox {
  #chat;
  #onError;
  #tab;
  #tabLabel;
  #badge = h('span', { className: 'unread nav-badge', dataset: { testid: 'requests-badge' }, attrs: { 'aria-hidden': 'true' } });
  #section = h('section', { className: 'requests', dataset: { testid: 'requests' }, attrs: { 'aria-label': 'Friend requests' } });

  /**
   * @param {HTMLElement} listElement the friends tab's list pane: the inbox goes first in it
   * @param {HTMLElement} tab the friends tab button, which carries the badge
   * @param {import('../sdk/index.js').ChatClient} chat
   * @param {{ onError: (message: string) => void }} actions
   */
  constructor(listElement, tab, chat, { onError }) {
    this.#chat = chat;
    this.#onError = onError;
    this.#tab = tab;
    this.#tabLabel = tab.getAttribute('aria-label') ?? '';
    tab.append(this.#badge);
    listElement.prepend(this.#section);
    chat.state.addEventListener('requests', () => this.#render());
    this.#render();
  }

  #render() {
    const all = [...this.#chat.state.friendRequests.values()];
    const incoming = this.#chat.state.incomingRequests();
    const outgoing = all.filter((r) => !r.incoming);
    this.#badge.textContent = incoming.length > 9 ? '9+' : String(incoming.length);
    this.#badge.hidden = incoming.length === 0;
    this.#tab.setAttribute('aria-label', incoming.length
      ? `${this.#tabLabel}, ${incoming.length} friend request${incoming.length === 1 ? '' : 's'}`
      : this.#tabLabel);
    this.#section.hidden = all.length === 0;
    replaceChildren(this.#section,
      h('h3', { className: 'section-title' }, 'Friend requests'),
      h('ul', { className: 'people' },
        incoming.map((r) => this.#item(r, [
          this.#button('Accept', `Accept ${r.user.nickname || r.user.userId}`, 'accept-request', () => this.#chat.acceptFriend(r.user.userId)),
          this.#button('Decline', `Decline ${r.user.nickname || r.user.userId}`, 'decline-request', () => this.#chat.declineFriend(r.user.userId)),
          blockRequesterButton(this.#chat, r.user, this.#onError),
        ])),
        outgoing.map((r) => this.#item(r, [
          h('span', { className: 'tag' }, 'Asked'),
          this.#button('Cancel', `Cancel your request to ${r.user.nickname || r.user.userId}`, 'cancel-request', () => this.#chat.cancelFriendRequest(r.user.userId)),
        ]))));
  }

  #item(request, actions) {
    const { user, note, incoming } = request;
    return h('li', { className: 'person request', dataset: { testid: incoming ? 'incoming-request' : 'outgoing-request', userId: user.userId } },
      avatar({ name: user.nickname || user.userId, seed: user.head || user.userId, size: 'small' }),
      h('span', { className: 'person-name' }, user.nickname, h('span', { className: 'person-id' }, ` (${user.userId})`),
        note ? h('span', { className: 'request-note', dataset: { testid: 'request-note' } }, note) : null),
      h('span', { className: 'request-actions' }, actions));
  }

  #button(label, name, testid, act) {
    const button = h('button', {
      type: 'button', className: 'small-button', dataset: { testid }, attrs: { 'aria-label': name },
      on: {
        click: async () => {
          button.disabled = true;
          try {
            await act();
          } catch (e) {
            button.disabled = false;
            this.#onError(e.message);
          }
        },
      },
    }, label);
    return button;
  }
}
