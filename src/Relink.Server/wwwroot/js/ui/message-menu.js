// Edit and recall on the user's own messages: a "⋯" button opens a menu with Edit (text messages, within the edit
// window) and Recall (within the recall window). The windows come from /client-config; the server's clock decides,
// so a refusal (a slow click at the window's edge) is shown, not hidden. Recalled messages are a placeholder, edited
// ones carry "edited"; both come from the SDK's ChatState, so they hold live and after a reload.

import { MessageType } from '../sdk/index.js';
import { h } from './dom.js';

const DEFAULT_WINDOWS = Object.freeze({ editWindowMs: 24 * 3600 * 1000, recallWindowMs: 2 * 60 * 1000 });
let windows = DEFAULT_WINDOWS;
let loading = null;

/** Fetches the server's edit and recall windows once; until then (or if it fails) the defaults apply. */
export function loadChangeWindows(fetchImpl = globalThis.fetch) {
  loading ??= fetchImpl?.('client-config', { cache: 'no-store' })
    .then((r) => (r.ok ? r.json() : {}))
    .then((config) => {
      windows = {
        editWindowMs: Number(config.editWindowMs ?? DEFAULT_WINDOWS.editWindowMs),
        recallWindowMs: Number(config.recallWindowMs ?? DEFAULT_WINDOWS.recallWindowMs),
      };
    })
    .catch(() => {}) ?? Promise.resolve();
  return loading;
}

/** What the menu may offer for one of our stored messages now. */
export function changesAllowed(message, now = Date.now()) {
  if (message.recalled || !message.sentAt) {
    return { edit: false, recall: false };
  }
  const age = now - message.sentAt.getTime();
  return {
    edit: message.type === MessageType.TEXT && age <= windows.editWindowMs,
    recall: age <= windows.recallWindowMs,
  };
}

/**
 * The menu button and its menu for one of our messages, or null when nothing is allowed.
 * @param {{ message: object, open: boolean, onToggle: () => void, onEdit: () => void, onRecall: () => void }} options
 */
export function messageMenu({ message, open, onToggle, onEdit, onRecall }) {
  const allowed = changesAllowed(message);
  if (!allowed.edit && !allowed.recall) {
    return null;
  }
  const item = (label, testid, action) => h('button', {
    type: 'button', className: 'message-menu-item', dataset: { testid }, attrs: { role: 'menuitem' },
    on: { click: action },
  }, label);
  return h('div', { className: 'message-menu' },
    h('button', {
      type: 'button', className: 'message-menu-button', title: 'Message actions', dataset: { testid: 'message-menu' },
      attrs: { 'aria-haspopup': 'menu', 'aria-expanded': String(open), 'aria-label': 'Message actions' },
      on: { click: onToggle },
    }, '⋯'),
    open
      ? h('div', { className: 'message-menu-list', attrs: { role: 'menu' } },
        allowed.edit ? item('Edit', 'edit-message', onEdit) : null,
        allowed.recall ? item('Recall', 'recall-message', onRecall) : null)
      : null);
}

/**
 * The inline editor that replaces a bubble while its message is edited: Enter saves, Escape (or Cancel) leaves.
 * @param {{ draft: string, onInput: (text: string) => void, onSave: () => void, onCancel: () => void }} options
 */
export function messageEditor({ draft, onInput, onSave, onCancel }) {
  const input = h('textarea', {
    className: 'message-edit-input', value: draft, rows: 2, dataset: { testid: 'edit-input' },
    attrs: { 'aria-label': 'Edit message' },
  });
  input.addEventListener('input', () => onInput(input.value));
  input.addEventListener('keydown', (e) => {
    if (e.key === 'Enter' && !e.shiftKey) {
      e.preventDefault();
      onSave();
    } else if (e.key === 'Escape') {
      onCancel();
    }
  });
  queueMicrotask(() => input.focus());
  return h('div', { className: 'message-editor' }, input,
    h('div', { className: 'message-editor-actions' },
      h('button', { type: 'button', dataset: { testid: 'edit-cancel' }, on: { click: onCancel } }, 'Cancel'),
      h('button', { type: 'button', dataset: { testid: 'edit-save' }, on: { click: onSave } }, 'Save')));
}
