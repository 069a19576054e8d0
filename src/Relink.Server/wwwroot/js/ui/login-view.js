// The sign-in and registration form.

import { ErrorCode } from '../sdk/index.js';
import { showDemoHint } from './demo-hint.js';
import { byId } from './dom.js';

export class LoginView {
  #connection;
  #registering = false;
  #form = byId('login-form');
  #userId = byId('login-user');
  #password = byId('login-password');
  #nickname = byId('login-nickname');
  #nicknameRow = byId('login-nickname-row');
  #error = byId('login-error');
  #submit = byId('login-submit');
  #toggle = byId('login-toggle');

  /** @param {import('../sdk/index.js').Connection} connection */
  constructor(connection) {
    this.#connection = connection;
    this.#form.addEventListener('submit', (e) => {
      e.preventDefault();
      void this.#signIn();
    });
    this.#toggle.addEventListener('click', () => this.#setRegistering(!this.#registering));
    void showDemoHint((userId, password) => {
      this.#setRegistering(false);
      this.#userId.value = userId;
      this.#password.value = password;
      this.#submit.focus();
    });
  }

  /** Shows a message above the form (a session that ended while away). */
  showMessage(text) {
    this.#error.textContent = text;
  }

  focus(userId = '') {
    if (userId) {
      this.#userId.value = userId;
    }
    (this.#userId.value ? this.#password : this.#userId).focus();
  }

  #setRegistering(registering) {
    this.#registering = registering;
    this.#nicknameRow.hidden = !registering;
    this.#submit.textContent = registering ? 'Create account' : 'Sign in';
    this.#toggle.textContent = registering ? 'I have an account' : 'Create an account';
    this.#password.autocomplete = registering ? 'new-password' : 'current-password';
    this.#error.textContent = '';
  }

  async #signIn() {
    const userId = this.#userId.value.trim();
    const password = this.#password.value;
    this.#error.textContent = '';
    this.#submit.disabled = true;
    try {
      await this.#connection.signIn(userId, password, {
        register: this.#registering ? { nickname: this.#nickname.value.trim() } : null,
      });
      this.#password.value = '';
      this.#setRegistering(false);
    } catch (e) {
      this.#error.textContent = describe(e);
    } finally {
      this.#submit.disabled = false;
    }
  }
}

function describe(error) {
  switch (error.code) {
    case ErrorCode.INVALID_CREDENTIALS:
      return 'Unknown user or wrong password.';
    case ErrorCode.USER_EXISTS:
      return 'That user id is taken.';
    case 'CLIENT_UNREACHABLE':
      return 'Cannot reach the server. Check the connection and try again.';
    default:
      return error.message || 'Sign-in failed.';
  }
}
