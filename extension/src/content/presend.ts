// The pre-send check. When the user presses Send (the button, or the site's keyboard shortcut)
// on a draft that scores under their threshold, the press is held and a panel opens instead;
// "Send anyway" then presses the site's own Send once. Everything fails open: if Overture has
// no report (the worker is down), cannot find what was pressed, or throws, the press goes
// through untouched.
import { updateSettings, type Settings } from '../settings';
import { SendPanel } from '../ui/panel';
import { saveCaret } from './caret';
import type { Session } from './session';

/** How long a press waits for the analysis of text typed just before it. */
const WAIT_MS = 2000;

type Verdict = 'send' | 'hold' | 'wait';

/** What the user pressed: a Send button, or a key in the compose box. */
type Trigger = { button: HTMLElement } | { key: KeyboardEvent };


export interface GuardContext {
  sessions(): Iterable<Session>;
  settings(): Settings;
  siteKey: string;
  siteLabel: string;
}

const POINTER_EVENTS = ['pointerdown', 'mousedown', 'pointerup', 'mouseup', 'click'] as const;

export class SendGuard {
  /** True while Overture itself presses Send: those events pass. */
  private replaying = false;
  /** A Send button whose press is being held (down/up swallowed until its click). */
  private held: HTMLElement | null = null;
  /** A Send button whose press was let through at pointerdown. */
  private passed: HTMLElement | null = null;
  /** Puts the caret back where it was when Send was pressed ("Keep editing"). */
  private caret: () => void = () => undefined;
  private panel: SendPanel | null = null;
  private panelFor: Session | null = null;
  /** Compose boxes with a decision pending (waiting for the analysis, or the panel open): one
   *  press decides; more presses meanwhile are swallowed, so nothing is sent twice. */
  private readonly pending = new Set<Session>();
  private readonly listeners: Array<[string, (e: Event) => void]> = [];

  constructor(private readonly ctx: GuardContext) {
    for (const type of POINTER_EVENTS) this.on(type, (e) => this.onPointer(e as MouseEvent));
    this.on('keydown', (e) => this.onKey(e as KeyboardEvent));
  }

  private on(type: string, fn: (e: Event) => void): void {
    const wrapped = (e: Event) => {
      if (this.replaying) return;
      try {
        fn(e);
      } catch (err) {
        console.debug('Overture: pre-send check skipped:', err);
      }
    };
    window.addEventListener(type, wrapped, true);
    this.listeners.push([type, wrapped]);
  }

  private enabled(): boolean {
    const s = this.ctx.settings();
    return s.presend && !s.presend_off_sites.includes(this.ctx.siteKey);
  }

  private verdict(session: Session): Verdict {
    if (!this.enabled() || session.snoozed) return 'send';
    const report = session.currentReport();
    if (report === undefined) return 'wait';
    if (report === null) return 'send';
    // The third note (or the user's count) to someone who has not answered: said before Send.
    if (report.patience?.warn && this.ctx.settings().patience_presend) return 'hold';
    return report.score < this.ctx.settings().threshold ? 'hold' : 'send';
  }

  /** The session whose Send button the event went through. */
  private sendHit(e: Event): { session: Session; button: HTMLElement } | null {
    const path = e.composedPath();
    for (const session of this.ctx.sessions()) {
      const button = session.sendButton();
      if (button && path.includes(button)) return { session, button };
    }
    return null;
  }

  private onPointer(e: MouseEvent): void {
    const hit = this.sendHit(e);
    if (!hit) return;
    const { session, button } = hit;
    // A new press: forget one that never completed (the pointer left the button).
    if (e.type === 'pointerdown') this.held = this.passed = null;
    if (e.type === 'pointerdown' || e.type === 'mousedown') {
      if (this.held === button) return stop(e);
      if (this.passed === button) return;
      if (this.verdict(session) === 'send') {
        this.passed = button;
        return;
      }
      this.held = button;
      this.caret = saveCaret(session.body);
      return stop(e);
    }
    if (e.type === 'pointerup' || e.type === 'mouseup') {
      if (this.held === button) stop(e);
      return;
    }
    // click: the press is complete.
    const wasHeld = this.held === button;
    const wasPassed = this.passed === button;
    this.held = this.passed = null;
    if (wasPassed) return session.noteSent();
    const v = this.verdict(session);
    if (v === 'send' && !wasHeld) return session.noteSent();
    if (!wasHeld) this.caret = saveCaret(session.body);
    stop(e);
    this.decide(session, { button }, v);
  }

  private onKey(e: KeyboardEvent): void {
    if (e.isComposing) return;
    // The press that opened the panel, repeating or pressed twice fast, is not a choice in it:
    // it must not go through the focused "Send anyway".
    if (this.panel && (e.key === 'Enter' || e.key === ' ') && (e.repeat || performance.now() - this.panel.openedAt < 300)) return stop(e);
    const hit = this.sendHit(e);
    // A focused Send that is not a real <button> (Gmail's div) sends on Enter/Space keydown;
    // a real button turns them into a click, which onPointer sees.
    if (hit && (e.key === 'Enter' || e.key === ' ') && !(hit.button instanceof HTMLButtonElement)) {
      const v = this.verdict(hit.session);
      if (v === 'send') return hit.session.noteSent();
      this.caret = saveCaret(hit.session.body);
      stop(e);
      return this.decide(hit.session, { button: hit.button }, v);
    }
    if (e.key !== 'Enter') return;
    const path = e.composedPath();
    const session = [...this.ctx.sessions()].find((s) => path.includes(s.body));
    if (!session) return;
    const mod = e.ctrlKey || e.metaKey;
    const sends =
      (mod && !e.shiftKey && !e.altKey && session.adapter.shortcut === 'ctrl-enter') ||
      (!mod && !e.shiftKey && !e.altKey && session.enterSends());
    if (!sends) return;
    const v = this.verdict(session);
    if (v === 'send') return session.noteSent();
    this.caret = saveCaret(session.body);
    stop(e);
    this.decide(session, { key: e }, v);
  }

  private decide(session: Session, trigger: Trigger, v: Verdict): void {
    // A decision is already pending for this box (the panel is open, or a press waits for the
    // analysis): this press is the same wish, and is answered by that one.
    if (this.pending.has(session)) return;
    if (v === 'hold') return this.open(session, trigger);
    if (v === 'send') return this.replay(session, trigger);
    this.pending.add(session);
    session.setChecking(true);
    const done = (fn: () => void) => {
      this.pending.delete(session);
      session.setChecking(false);
      fn();
    };
    void session.freshReport(WAIT_MS).then(
      () => done(() => (this.verdict(session) === 'hold' ? this.open(session, trigger) : this.replay(session, trigger))),
      () => done(() => this.replay(session, trigger)),
    );
  }

  private open(session: Session, trigger: Trigger): void {
    const report = session.currentReport();
    if (!report) return this.replay(session, trigger);
    try {
      if (this.panel) {
        // One panel at a time: a press in another box replaces the open one.
        this.panel.dismiss();
        if (this.panelFor) this.pending.delete(this.panelFor);
      }
      this.panelFor = session;
      this.pending.add(session);
      const back = () => {
        this.pending.delete(session);
        this.panel = null;
        this.caret();
      };
      this.panel = new SendPanel(
        session.overlayRoot,
        { report, threshold: this.ctx.settings().threshold, recipient: session.recipient(), siteLabel: this.ctx.siteLabel, box: session.box() },
        {
          sendAnyway: () => {
            back();
            this.replay(session, trigger);
          },
          keepEditing: back,
          snooze: () => {
            session.snoozed = true;
            back();
          },
          siteOff: () => {
            void updateSettings((s) => {
              if (!s.presend_off_sites.includes(this.ctx.siteKey)) s.presend_off_sites.push(this.ctx.siteKey);
            });
            back();
          },
          apply: (f, s) => {
            back();
            session.apply(f, s);
          },
        },
      );
      // Hidden by the page, removed, or under a modal dialog: a panel the user cannot see
      // must not hold their message.
      if (!this.panel.shown()) throw new Error('the panel is not visible');
    } catch (err) {
      // The panel could not be shown: the user's Send must still work.
      console.debug('Overture: pre-send panel failed:', err);
      this.panel?.dismiss();
      this.panel = null;
      this.pending.delete(session);
      this.replay(session, trigger);
    }
  }

  /** Presses the site's own Send, exactly once, as the user's press would have. */
  private replay(session: Session, trigger: Trigger): void {
    session.noteSent();
    this.replaying = true;
    try {
      const button = 'button' in trigger ? trigger.button : session.sendButton();
      if (button?.isConnected) {
        // The sequence InboxSDK-style integrations use: sites listen on any of these.
        for (const type of ['mousedown', 'mouseup', 'click']) {
          button.dispatchEvent(new MouseEvent(type, { bubbles: true, cancelable: true, composed: true, view: window, button: 0, detail: 1 }));
        }
      } else if ('key' in trigger) {
        const k = trigger.key;
        const init = { key: k.key, code: k.code, keyCode: 13, which: 13, ctrlKey: k.ctrlKey, metaKey: k.metaKey, bubbles: true, cancelable: true, composed: true };
        session.body.dispatchEvent(new KeyboardEvent('keydown', init));
      }
    } finally {
      this.replaying = false;
    }
  }

  destroy(): void {
    for (const [type, fn] of this.listeners) window.removeEventListener(type, fn, true);
    this.panel?.dismiss();
  }
}

function stop(e: Event): void {
  e.preventDefault();
  e.stopImmediatePropagation();
}

