/**
 * What the background answers with: the shapes shared by the store (lib/db), the request table
 * (lib/background/requests.ts) and every page that shows them (overlay, popup, options). Types
 * only, so any side may import them without pulling in the database or zod.
 */
import type { CycleWeek } from './dates';
import type {
  CheckIn,
  Cycle,
  KeyResult,
  KrKind,
  Link,
  LinkSource,
  Objective,
  Settings,
  StoredCheckIn,
  Ticket,
  TicketState,
} from './model';
import type { KrEvaluation, ObjectiveEvaluation } from './progress';

/** Counts of records a delete removed, per table (zero when there was nothing). */
export interface Removed {
  cycles: number;
  objectives: number;
  keyResults: number;
  checkIns: number;
  links: number;
}

export interface ImportCount {
  added: number;
  updated: number;
  unchanged: number;
}
export type ImportCounts = Record<
  'cycles' | 'objectives' | 'keyResults' | 'checkIns' | 'links' | 'tickets',
  ImportCount
>;

/** What a content script saw of a ticket on the page. */
export interface TicketMeta {
  title?: string;
  state?: TicketState;
  url?: string;
}
/**
 * What a page said of a ticket, recorded for coverage. `parent`: its parent's key (work
 * hierarchy); `null` when the page shows the ticket has none (clears a recorded parent).
 */
export type TicketSeen = TicketMeta & { key: string; parent?: string | null };

/** A KR a ticket is linked to, with what a badge shows. */
export interface LinkedKr {
  keyResultId: string;
  code: string;
  title: string;
  kind: KrKind;
  unit?: string;
  owner?: string;
  archived?: boolean;
  objectiveId: string;
  objectiveTitle: string;
  cycleId: string;
  source?: LinkSource;
  createdAt?: string;
  /**
   * The ancestor (parent, grandparent… key) whose link this is: the ticket serves the KR
   * through its parent ("via" link, README "Work hierarchy"). Absent: the ticket's own link.
   */
  via?: string;
  evaluation: KrEvaluation;
  /**
   * The label this link is being written as, while it is owed to the tracker (README "Team
   * links"): `pending` until it lands, `failed` with the reason until the user acts.
   */
  delivery?: Delivery;
}

/** A label write still owed for a link (badge chips). */
export interface Delivery {
  state: 'pending' | 'failed';
  reason?: string;
}

/** Ticket key → its linked KRs (sorted by code); every requested key is present. */
export type TicketLinks = Record<string, LinkedKr[]>;

/** A KR as the picker lists it. */
export interface KrSearchHit {
  id: string;
  code: string;
  title: string;
  kind: KrKind;
  unit?: string;
  objectiveId: string;
  objectiveTitle: string;
  cycleId: string;
}

/** All data the options page needs. Check-ins are sorted by KR then time. */
export interface State {
  cycles: Cycle[];
  objectives: Objective[];
  keyResults: KeyResult[];
  checkIns: StoredCheckIn[];
  links: Link[];
  tickets: Ticket[];
  settings: Settings;
}

/**
 * The options page's view of the store: every OKR record and the settings, but no link or
 * ticket (20,000 of them on a team's store): the OKRs tab needs only each KR's link count,
 * the Data tab the totals; Coverage asks the background for its view when it shows (`coverage`).
 */
export interface OptionsState extends Omit<State, 'links' | 'tickets'> {
  /** Per KR id, its own links (KRs without links are left out). */
  linkCounts: Record<string, number>;
  /**
   * Per KR id, the tickets serving it: its links plus tickets below a linked one (README "Work
   * hierarchy"), as the popup counts them (KRs without any are left out).
   */
  initiativeCounts: Record<string, number>;
  totals: { links: number; tickets: number };
}

export interface KrSummary {
  id: string;
  code: string;
  title: string;
  kind: KeyResult['kind'];
  unit?: string;
  start?: number;
  target?: number;
  direction?: 'atLeast' | 'atMost';
  owner?: string;
  evaluation: KrEvaluation;
  /**
   * Linked tickets, and how many of them are done (done / closed / merged); absent when the
   * summary was asked without counts (the popup's first, fast paint).
   */
  initiatives?: number;
  done?: number;
}

export interface ObjectiveSummary {
  id: string;
  title: string;
  team?: string;
  owner?: string;
  evaluation: ObjectiveEvaluation;
  keyResults: KrSummary[];
}

/** The popup's glance at one cycle. */
export interface QuarterSummary {
  today: string;
  cycles: Cycle[];
  cycle?: Cycle;
  week?: CycleWeek;
  expected: number;
  objectives: ObjectiveSummary[];
  /** Teams and owners of the cycle's objectives (for the filter). */
  teams: string[];
  /** KRs of the cycle whose last check-in is older than the stale threshold. */
  staleCount: number;
}

/** What moved since a KR's last check-in (the popup drafts the next one from it). */
export interface Evidence {
  lastCheckIn?: CheckIn;
  /** Linked tickets done (done/closed/merged) and seen so since the last check-in. */
  doneSince: Ticket[];
  /** All linked tickets with their state, for context. */
  linked: Ticket[];
}

export interface CarryOverRequest {
  fromCycleId: string;
  to: { name: string; start: string; end: string };
  /** Objectives to copy (with the KRs listed in keyResultIds that belong to them). */
  objectiveIds: readonly string[];
  keyResultIds: readonly string[];
  withLinks: boolean;
}

export interface CarryOverResult {
  cycle: Cycle;
  objectives: number;
  keyResults: number;
  links: number;
}

/** A self-hosted tracker the user added (options page → Self-hosted trackers). */
export interface CustomDomain {
  /** `https://git.example.com` (scheme and host, lowercased; a port if given). */
  origin: string;
  tracker: 'github' | 'jira';
  /** Whether the browser still grants the origin (the user can revoke it in Chrome). */
  granted: boolean;
}

/** A tracker connection as pages see it: everything but the token (its last 4 characters). */
export type ConnectionView =
  | {
      id: string;
      tracker: 'github';
      host: string;
      scopes: string[];
      writeLabels: boolean;
      tokenHint: string;
    }
  | {
      id: string;
      tracker: 'jira';
      site: string;
      deployment: 'cloud' | 'datacenter';
      email?: string;
      writeLabels: boolean;
      tokenHint: string;
    }
  | {
      id: string;
      tracker: 'linear';
      workspace: string;
      writeLabels: boolean;
      tokenHint: string;
    };
