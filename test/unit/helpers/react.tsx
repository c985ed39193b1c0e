/**
 * React in happy-dom for the view tests: updates wrapped in `act`, a component mounted in the
 * document and taken out again.
 */
import { act } from 'react';
import type { ReactNode } from 'react';
import { createRoot } from 'react-dom/client';

(globalThis as { IS_REACT_ACT_ENVIRONMENT?: boolean }).IS_REACT_ACT_ENVIRONMENT = true;

export interface Mounted {
  el: HTMLElement;
  unmount: () => void;
}

/** `ui` mounted in a new element of the document: its first commit only (no timer has run). */
export function mount(ui: ReactNode): Mounted {
  const el = document.createElement('div');
  document.body.append(el);
  const root = createRoot(el);
  act(() => root.render(ui));
  return {
    el,
    unmount: () => {
      act(() => root.unmount());
      el.remove();
    },
  };
}

/** Let what `useFirstPaint` deferred (a timer and a transition away) render. */
export const afterFirstPaint = (): Promise<void> =>
  act(() => new Promise<void>((r) => setTimeout(r, 20)));
