/** The popup's view choices (cycle, team, worst first, collapsed objectives), kept per browser. */
import { useState } from 'react';

const prefs = {
  get: (k: string) => localStorage.getItem(`okrLens.popup.${k}`),
  set: (k: string, v: string) => localStorage.setItem(`okrLens.popup.${k}`, v),
};

export function usePopupPrefs() {
  const [cycleId, setCycleId] = useState<string | undefined>(prefs.get('cycle') ?? undefined);
  const [team, setTeam] = useState(prefs.get('team') ?? '');
  const [worstFirst, setWorstFirst] = useState(prefs.get('worstFirst') === '1');
  const [collapsed, setCollapsed] = useState<Set<string>>(
    () => new Set(JSON.parse(prefs.get('collapsed') ?? '[]') as string[]),
  );
  return {
    cycleId,
    team,
    worstFirst,
    collapsed,
    setCycle: (id: string) => {
      prefs.set('cycle', id);
      setCycleId(id);
    },
    setTeam: (t: string) => {
      prefs.set('team', t);
      setTeam(t);
    },
    setWorstFirst: (v: boolean) => {
      prefs.set('worstFirst', v ? '1' : '0');
      setWorstFirst(v);
    },
    toggleObjective: (id: string) =>
      setCollapsed((prev) => {
        const next = new Set(prev);
        if (next.has(id)) next.delete(id);
        else next.add(id);
        prefs.set('collapsed', JSON.stringify([...next]));
        return next;
      }),
  };
}
