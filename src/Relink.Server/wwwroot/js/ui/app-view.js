// The page shell: which screen shows (sign-in or the chat window), the navigation between the chats and
// friends tabs, the signed-in user's head, and short error notes.

import { avatar } from './avatar.js';
import { ChatView } from './chat-view.js';
import { byId, h, replaceChildren } from './dom.js';
import { FriendsView } from './friends-view.js';
import { LoginView } from './login-view.js';
import { StatusBanner } from './status-banner.js';
import { TalkListView } from './talk-list-view.js';

const NOTE_MS = 5000;

export class AppView {
  #connection;
  #chat;
  #login;
  #friends;
  #tab = 'chats';
  #noteTimer = null;
  #loginScreen = byId('login-screen');
  #appScreen = byId('app');

  /**
   * @param {import('../connection/connection.js').Connection} connection
   * @param {import('../chat/chat-client.js').ChatClient} chat
   */
  constructor(connection, chat) {
    this.#connection = connection;
    this.#chat = chat;
    this.#login = new LoginView(connection);
    new StatusBanner(byId('banner'), connection, { onSignInAgain: () => this.showLogin(chat.me?.userId ?? '') });
    new TalkListView(byId('talk-list'), chat, { onOpen: (id) => this.openConversation(id), onError: (m) => this.note(m) });
    new ChatView(byId('chat'), chat, connection);
    this.#friends = new FriendsView(byId('friends-list'), byId('card'), chat, { onOpenTalk: (id) => this.openConversation(id) });

    byId('tab-chats').addEventListener('click', () => this.#showTab('chats'));
    byId('tab-friends').addEventListener('click', () => this.#showTab('friends'));
    byId('sign-out').addEventListener('click', () => void connection.signOut());
    connection.addEventListener('state', () => this.#onState());
    connection.addEventListener('signed-out', (e) => {
      this.showLogin(e.detail.userId);
      this.#login.showMessage(e.detail.message);
    });
    chat.state.addEventListener('profile', () => this.#renderMe());
    chat.state.addEventListener('talks', () => this.#renderTitle());
    chat.state.addEventListener('open', () => this.#renderMain());
  }

  showLogin(userId = '') {
    this.#loginScreen.hidden = false;
    this.#appScreen.hidden = true;
    this.#login.focus(userId);
  }

  showApp() {
    this.#loginScreen.hidden = true;
    this.#appScreen.hidden = false;
    this.#renderMain();
  }

  openConversation(conversationId) {
    this.#showTab('chats');
    this.#chat.open(conversationId);
  }

  /** A short note at the bottom of the window (a failed action). */
  note(text) {
    const element = byId('note');
    element.textContent = text;
    element.hidden = false;
    clearTimeout(this.#noteTimer);
    this.#noteTimer = setTimeout(() => { element.hidden = true; }, NOTE_MS);
  }

  #onState() {
    const name = this.#connection.state.name;
    if (name === 'online') {
      this.showApp();
    } else if (name === 'signed-out') {
      this.showLogin(this.#chat.me?.userId ?? '');
    }
    // Other states keep the current screen: the login form waits for its own attempt; the chat window stays
    // readable (with the banner) while the link comes back.
  }

  #showTab(tab) {
    this.#tab = tab;
    byId('tab-chats').classList.toggle('active', tab === 'chats');
    byId('tab-friends').classList.toggle('active', tab === 'friends');
    byId('talk-list').hidden = tab !== 'chats';
    byId('friends-list').hidden = tab !== 'friends';
    if (tab === 'friends') {
      void this.#friends.refreshSearch();
    }
    this.#renderMain();
  }

  #renderMain() {
    const chatOpen = this.#tab === 'chats' && this.#chat.state.openConversationId !== null;
    byId('chat').hidden = !chatOpen;
    byId('card').hidden = this.#tab !== 'friends';
    byId('placeholder').hidden = chatOpen || this.#tab === 'friends';
  }

  #renderMe() {
    const me = this.#chat.me;
    replaceChildren(byId('me'), me
      ? [avatar({ name: me.nickname || me.userId, seed: me.head || me.userId }), h('span', { className: 'me-name', dataset: { testid: 'me' } }, me.nickname || me.userId)]
      : []);
  }

  #renderTitle() {
    const unread = [...this.#chat.state.talks.values()].reduce((sum, t) => sum + t.unread, 0);
    document.title = unread > 0 ? `(${unread}) Relink` : 'Relink';
  }
}
