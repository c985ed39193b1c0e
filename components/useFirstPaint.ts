import { startTransition, useEffect, useState } from 'react';

/**
 * The first `count` items at once, all of them right after the first frame (a transition in
 * the next task). For long lists whose top is what shows: the popup's objectives, Coverage's
 * KR rows. Nothing is hidden for long; what the user reads first paints sooner.
 */
export function useFirstPaint<T>(items: readonly T[], count: number): readonly T[] {
  const [all, setAll] = useState(false);
  useEffect(() => {
    if (all) return;
    const t = setTimeout(() => startTransition(() => setAll(true)), 0);
    return () => clearTimeout(t);
  }, [all]);
  return all || items.length <= count ? items : items.slice(0, count);
}
