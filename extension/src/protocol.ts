// Messages between the content scripts and the background worker (one runtime port per tab).

export type Channel = 'email' | 'linkedin-note' | 'linkedin-message';
export type Category = 'pitch' | 'pressure' | 'self_focus' | 'follow_up' | 'mutuality';
export type Band = 'mutual' | 'one_sided' | 'pitch';

/** One finding; `start`/`end` are UTF-16 offsets into the analysed text. */
export interface Finding {
  rule: string;
  category: Category;
  severity: 'low' | 'medium' | 'high';
  start: number;
  end: number;
  text: string;
  message: string;
  suggestions: string[];
}

export interface Report {
  score: number;
  band: Band;
  breakdown: Record<Category, number>;
  findings: Finding[];
  below_threshold: boolean;
  /** The text was longer than the worker analyses; only its start was judged. */
  capped: boolean;
  analyzed_units: number;
}

export const PORT_NAME = 'overture';

export interface AnalyzeRequest {
  type: 'analyze';
  id: number;
  text: string;
  channel: Channel;
  /** The settings revision the tab has seen; a worker behind it reloads them first. */
  revision: number;
}

export type WorkerReply =
  | { type: 'report'; id: number; report: Report }
  | { type: 'error'; id: number; message: string };

export const CATEGORY_LABELS: Record<Category, string> = {
  pitch: 'Sales pitch',
  pressure: 'Pressure',
  self_focus: 'Self-focus',
  follow_up: 'Chasing',
  mutuality: 'Mutuality',
};

export const BAND_LABELS: Record<Band, string> = {
  mutual: 'reads as mutual',
  one_sided: 'leans one-sided',
  pitch: 'reads like a pitch',
};

/** What the toolbar popup asks the content script of the active tab. */
export type PopupRequest = { type: 'overture:summary' } | { type: 'overture:reveal'; start: number };

/** The content script's summary of the draft being written in its page. */
export interface Summary {
  /** The settings' key for this site (a built-in adapter id, or the hostname). */
  site: string;
  label: string;
  enabled: boolean;
  presend: boolean;
  /** The focused (or last edited) compose box's report; null when no draft has text. */
  report: Report | null;
  recipient: string | null;
  /** How many compose boxes Overture is watching. */
  boxes: number;
}

export type PopupReply = Summary | { revealed: boolean };
