/** What the popup's components are given: the actions the entrypoint performs, the tab's page. */
import type { Evidence, LinkedKr } from '@/lib/okr/dto';
import type { CheckIn } from '@/lib/okr/model';
import type { PageTicket } from '@/lib/protocol';

export interface PopupActions {
  openOptions: (hash?: string) => void;
  loadSample: () => Promise<void>;
  setCycle: (id: string) => void;
  setTeam: (team: string) => void;
  setWorstFirst: (v: boolean) => void;
  toggleObjective: (id: string) => void;
  checkIn: (c: CheckIn) => Promise<void>;
  loadEvidence: (krId: string) => Promise<Evidence>;
  unlink: (ticket: string, krId: string) => Promise<void>;
  openPicker: () => void;
}

export interface PageState {
  status: 'loading' | 'none' | 'ticket';
  ticket?: PageTicket;
  links?: LinkedKr[];
}
