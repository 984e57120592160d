/**
 * The page's one message area: every failure and notice a user can act on, with a severity. Messages
 * never block the app (no modal); each can be dismissed. A message shown under a `key` replaces the
 * previous one with that key (e.g. the model's load error is replaced by the next load's outcome).
 */

export type Severity = 'info' | 'warning' | 'error';

export interface ShownMessage {
  readonly text: string;
  readonly severity: Severity;
}

export interface ShowOptions {
  /** Replaces the message shown under the same key. Default: none (the text itself dedupes). */
  key?: string;
  /** Larger type, for a failure that stops the app working (e.g. the model is missing). Default false. */
  prominent?: boolean;
}

export interface Messages {
  show(text: string, severity: Severity, options?: ShowOptions): void;
  /** Removes the message shown under `key`, if any. */
  clear(key: string): void;
  /** Every message shown since the page opened, oldest first (for the test hook). */
  readonly history: readonly ShownMessage[];
}

/** How many messages stay on screen; older ones are dropped, so a burst never pushes the app away. */
const MAX_VISIBLE = 4;
/** The history kept for the test hook; bounded so a long session cannot grow it without end. */
const MAX_HISTORY = 50;

/** Creates the message area inside `container`. */
export function createMessages(container: HTMLElement): Messages {
  const history: ShownMessage[] = [];
  const byKey = new Map<string, HTMLElement>();

  function remove(el: HTMLElement): void {
    el.remove();
    for (const [k, v] of byKey) if (v === el) byKey.delete(k);
  }

  return {
    history,
    show(text, severity, options = {}) {
      history.push({ text, severity });
      if (history.length > MAX_HISTORY) history.shift();
      const key = options.key ?? `text:${text}`;
      const old = byKey.get(key);
      if (old) remove(old);
      const el = document.createElement('div');
      el.className = `message ${severity}${options.prominent ? ' prominent' : ''}`;
      el.setAttribute('role', severity === 'error' ? 'alert' : 'status');
      el.dataset.severity = severity;
      const body = document.createElement('span');
      body.className = 'text';
      body.textContent = text;
      const close = document.createElement('button');
      close.type = 'button';
      close.className = 'dismiss';
      close.setAttribute('aria-label', 'Dismiss');
      close.textContent = '×';
      close.addEventListener('click', () => remove(el));
      el.append(body, close);
      container.append(el);
      byKey.set(key, el);
      while (container.children.length > MAX_VISIBLE) remove(container.firstElementChild as HTMLElement);
    },
    clear(key) {
      const el = byKey.get(key);
      if (el) remove(el);
    },
  };
}
