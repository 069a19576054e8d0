// A question before something that cannot simply be taken back (removing a friend, blocking someone): a modal
// <dialog>, so the browser keeps the keyboard inside it and Escape cancels. Cancel has the focus first, so a
// stray Enter does nothing harmful; the focus goes back to where it was when the dialog closes.

import { h } from './dom.js';

let dialogCount = 0;

/**
 * Asks, and resolves with whether the user confirmed.
 * @param {{ title: string, text: string, confirmLabel: string }} question
 * @returns {Promise<boolean>}
 */
export function confirmAction({ title, text, confirmLabel }) {
  const id = `confirm-${++dialogCount}`;
  const returnTo = document.activeElement;
  return new Promise((resolve) => {
    const cancel = h('button', { type: 'button', className: 'small-button', dataset: { testid: 'confirm-cancel' }, on: { click: () => dialog.close('cancel') } }, 'Cancel');
    const confirm = h('button', { type: 'button', className: 'danger-button', dataset: { testid: 'confirm-ok' }, on: { click: () => dialog.close('ok') } }, confirmLabel);
    const dialog = h('dialog', {
      className: 'confirm-dialog', dataset: { testid: 'confirm-dialog' },
      attrs: { 'aria-labelledby': `${id}-title`, 'aria-describedby': `${id}-text` },
      on: {
        close: () => {
          dialog.remove();
          if (returnTo instanceof HTMLElement && returnTo.isConnected) {
            returnTo.focus();
          }
          resolve(dialog.returnValue === 'ok');
        },
      },
    },
    h('h2', { id: `${id}-title`, className: 'confirm-title' }, title),
    h('p', { id: `${id}-text`, className: 'confirm-text' }, text),
    h('div', { className: 'confirm-actions' }, cancel, confirm));
    document.body.append(dialog);
    dialog.showModal();
    cancel.focus();
  });
}
