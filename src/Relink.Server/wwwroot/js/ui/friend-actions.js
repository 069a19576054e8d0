// Ending a friendship and blocking (docs/protocol.md §3.10), each after a confirmation: the buttons under a
// friend's card and in a friend request, and the list of blocked users with Unblock in the settings. The SDK
// updates the chat state from the answer (and pushes do on the user's other devices), so the lists, the card and
// the open talk follow by themselves.

import { avatar } from './avatar.js';
import { confirmAction } from './confirm-dialog.js';
import { h, replaceChildren } from './dom.js';

/**
 * A button that runs an action and shows its refusal. Not disabled while it runs: the question is a modal dialog
 * (a second click cannot happen), and the focus must be able to come back to the button when the dialog closes.
 */
function actionButton(label, name, testid, className, act, onError) {
  let busy = false;
  return h('button', {
    type: 'button', className, dataset: { testid }, attrs: { 'aria-label': name },
    on: {
      click: async () => {
        if (busy) {
          return;
        }
        busy = true;
        try {
          await act();
        } catch (e) {
          onError(e.message);
        } finally {
          busy = false;
        }
      },
    },
  }, label);
}

/** Asks, then removes the friendship; false when the user changed their mind. */
export async function removeFriendAfterAsking(chat, profile) {
  const name = profile.nickname || profile.userId;
  const sure = await confirmAction({
    title: `Remove ${name} from your friends?`,
    text: `Neither of you will be able to send messages in your chat until one of you asks the other again and is accepted. The history stays.`,
    confirmLabel: 'Remove friend',
  });
  if (sure) {
    await chat.removeFriend(profile.userId);
  }
  return sure;
}

/** Asks, then blocks; false when the user changed their mind. */
export async function blockAfterAsking(chat, profile) {
  const name = profile.nickname || profile.userId;
  const sure = await confirmAction({
    title: `Block ${name}?`,
    text: `${name} will no longer be your friend, and their messages and friend requests will not reach you. They are not told. You can unblock them in Settings.`,
    confirmLabel: 'Block',
  });
  if (sure) {
    await chat.blockUser(profile.userId);
  }
  return sure;
}

/**
 * "Remove friend" and "Block" for a friend's card.
 * @param {import('../sdk/index.js').ChatClient} chat
 * @param {{ userId: string, nickname: string }} profile
 * @param {(message: string) => void} onError
 */
export function friendActions(chat, profile, onError) {
  const name = profile.nickname || profile.userId;
  return h('div', { className: 'card-actions' },
    actionButton('Remove friend', `Remove friend ${name}`, 'remove-friend', 'small-button', () => removeFriendAfterAsking(chat, profile), onError),
    actionButton('Block', `Block ${name}`, 'block-user', 'small-button danger', () => blockAfterAsking(chat, profile), onError));
}

/** "Block" for a friend request from someone (declining alone lets them ask again). */
export function blockRequesterButton(chat, profile, onError) {
  const name = profile.nickname || profile.userId;
  return actionButton('Block', `Block ${name}`, 'block-requester', 'small-button danger', () => blockAfterAsking(chat, profile), onError);
}

/** The settings' list of blocked users, each with Unblock (no question: unblocking harms nothing). */
export class BlockedList {
  #chat;
  #list = h('ul', { className: 'people', dataset: { testid: 'blocked-users' }, attrs: { 'aria-labelledby': 'blocked-title' } });
  #note = h('p', { className: 'form-error', attrs: { role: 'alert' } });
  element = h('section', { className: 'settings', dataset: { testid: 'blocked' }, attrs: { 'aria-labelledby': 'blocked-title' } },
    h('h3', { className: 'section-title', id: 'blocked-title' }, 'Blocked users'),
    this.#list,
    this.#note);

  /** @param {import('../sdk/index.js').ChatClient} chat */
  constructor(chat) {
    this.#chat = chat;
    chat.state.addEventListener('friends', () => this.#render());
    chat.state.addEventListener('requests', () => this.#render());
    this.#render();
  }

  #render() {
    const blocked = [...this.#chat.state.blocked.values()].sort((a, b) => (a.nickname || a.userId).localeCompare(b.nickname || b.userId));
    replaceChildren(this.#list, blocked.length
      ? blocked.map((user) => {
        const name = user.nickname || user.userId;
        return h('li', { className: 'person', dataset: { testid: 'blocked-user', userId: user.userId } },
          avatar({ name, seed: user.head || user.userId, size: 'small' }),
          h('span', { className: 'person-name' }, name, h('span', { className: 'person-id' }, ` (${user.userId})`)),
          actionButton('Unblock', `Unblock ${name}`, 'unblock-user', 'small-button', async () => {
            this.#note.textContent = '';
            await this.#chat.unblockUser(user.userId);
          }, (m) => { this.#note.textContent = m; }));
      })
      : h('li', { className: 'empty-note' }, 'Nobody is blocked.'));
  }
}
