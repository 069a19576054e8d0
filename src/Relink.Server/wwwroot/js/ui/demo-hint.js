// The sign-in page's note for a server that runs with demo users: it names an account to try and fills it in on
// request, so a newcomer chats at once. The server says whether there are demo users (GET /client-config); on a
// server without them, or when the server cannot be reached, the note stays hidden.

import { byId, h } from './dom.js';

/**
 * @param {(userId: string, password: string) => void} fill puts an account into the sign-in form
 */
export async function showDemoHint(fill) {
  const hint = byId('login-demo');
  let config;
  try {
    const response = await fetch('client-config', { cache: 'no-store' });
    config = response.ok ? await response.json() : null;
  } catch {
    return; // offline: the page works without the note
  }
  const demo = config?.demo;
  if (!demo) {
    hint.hidden = true;
    return;
  }
  const others = demo.others.length > 0 ? ` (or ${demo.others.join(', ')}, in another window)` : '';
  hint.replaceChildren(
    h('span', {}, 'This server has demo users. Try ', h('strong', {}, demo.userId), ' with the password ',
      h('strong', {}, demo.password), `${others}.`),
    h('button', {
      type: 'button',
      className: 'link-button',
      dataset: { testid: 'login-demo-fill' },
      on: { click: () => fill(demo.userId, demo.password) },
    }, `Use ${demo.userId}`),
  );
  hint.hidden = false;
}
