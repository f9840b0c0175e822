// Compose adapters: one table row per site. Selectors prefer stable hooks (roles, aria-label
// prefixes, data-test ids) over generated classes; update them here when a site changes.
import { SITES } from '../../../target/generated/facts';
import type { Channel } from '../protocol';

/** How a site sends from the keyboard, besides its Send button. */
export type Shortcut = 'ctrl-enter' | 'none';

export interface Adapter {
  id: string;
  /** The site's name as users know it. */
  label: string;
  /** Hostnames the adapter serves (from the crate's list of sites; none for the generic one). */
  hosts: readonly string[];
  /** Compose bodies: contenteditable editors or textareas. */
  bodies: string[];
  /** Parts inside a body that are not the user's own words (quotes, signatures, headers). */
  exclude: string[];
  /** The compose container, searched upward from the body (for the send button). */
  container: string;
  /** Send buttons inside the container. */
  send: string[];
  /** The keyboard shortcut that sends (Ctrl/Cmd+Enter), if any. */
  shortcut: Shortcut;
  /**
   * A selector matched against the container when plain Enter sends (LinkedIn's "Press Enter
   * to Send" mode, where the form renders no Send button); null when Enter never sends.
   */
  enterSends: string | null;
  /** Where the page shows the recipient: inside the container first, then the page. */
  recipient: string[];
  /**
   * Who the message goes to, exactly: an element and its attribute holding the address or
   * profile URL (the patience ledger hashes it; it is never stored as is). Empty where the
   * site's markup for it is not known well enough.
   */
  recipientId: Array<[selector: string, attribute: string]>;
  /** The sender of the last message of the thread the page shows, in the same form: when it is
   *  the recipient, they have answered. */
  lastSender: Array<[selector: string, attribute: string]>;
  /** Elements whose open shadow roots hold compose boxes (LinkedIn's #interop-outlet). */
  shadowHosts: string[];
  /** Where the message goes; may depend on the body element. */
  channel: (body: HTMLElement) => Channel;
}

const email = (): Channel => 'email';

/** A built-in site's hostnames. */
function hostsOf(id: string): readonly string[] {
  return SITES.find((s) => s.id === id)?.hosts ?? [];
}

export const ADAPTERS: Adapter[] = [
  {
    id: 'gmail',
    label: 'Gmail',
    hosts: hostsOf('gmail'),
    bodies: ['div[contenteditable="true"][g_editable="true"]', 'div[contenteditable="true"][role="textbox"][aria-label^="Message Body"]'],
    exclude: ['.gmail_quote', '.gmail_quote_container', '.gmail_attr', 'blockquote', '.gmail_signature', '.gmail_signature_prefix', 'div.ajR', '.gmail_extra'],
    container: '[role="dialog"], div.M9, .ip, [role="main"]',
    send: ['[role="button"][data-tooltip^="Send"]', '[role="button"][aria-label^="Send"]'],
    shortcut: 'ctrl-enter',
    enterSends: null,
    recipient: ['[name="to"] [role="option"][data-hovercard-id]', '.vR [email]', '.vR .vN'],
    recipientId: [['[name="to"] [role="option"][data-hovercard-id]', 'data-hovercard-id'], ['.vR [email]', 'email']],
    // The reading pane: each message's header names its sender in `.gD[email]`.
    lastSender: [['.adn .gD[email]', 'email']],
    shadowHosts: [],
    channel: email,
  },
  {
    id: 'outlook',
    label: 'Outlook',
    hosts: hostsOf('outlook'),
    bodies: ['div[contenteditable="true"][role="textbox"][aria-label^="Message body"]'],
    exclude: ['#appendonsend', '#appendonsend ~ *', '#divRplyFwdMsg', '#divRplyFwdMsg ~ *', '#Signature', '[id^="Signature"]', 'blockquote'],
    container: '[id*="docking_InitVisiblePart"], [data-app-section="Form_Content"], [role="main"]',
    send: ['button[aria-label="Send"]', 'button[title^="Send"]'],
    shortcut: 'ctrl-enter',
    enterSends: null,
    recipient: ['[aria-label="To"] [role="button"] span', '[aria-label="To"] [title]'],
    recipientId: [],
    lastSender: [],
    shadowHosts: [],
    channel: email,
  },
  {
    id: 'yahoo',
    label: 'Yahoo Mail',
    hosts: hostsOf('yahoo'),
    bodies: ['div[data-test-id="rte"][contenteditable="true"]', 'div[contenteditable="true"][role="textbox"][aria-label="Message body"]'],
    exclude: ['[class$="yahoo_quoted"]', '.yahoo_quoted', 'blockquote', '.signature'],
    container: '[data-test-id="compose"]',
    send: ['button[data-test-id="compose-send-button"]'],
    // Yahoo documents no send shortcut (SITES.md): only the button is checked.
    shortcut: 'none',
    enterSends: null,
    recipient: ['[data-test-id="pill-text"]'],
    recipientId: [],
    lastSender: [],
    shadowHosts: [],
    channel: email,
  },
  {
    id: 'linkedin',
    label: 'LinkedIn',
    hosts: hostsOf('linkedin'),
    bodies: ['div.msg-form__contenteditable[contenteditable="true"]', 'textarea#custom-message', 'textarea[name="message"]'],
    exclude: [],
    container: 'form.msg-form, [role="dialog"], .artdeco-modal',
    send: ['button.msg-form__send-button', 'button.msg-form__send-btn', 'button[aria-label="Send invitation"]', 'button[aria-label="Send now"]'],
    shortcut: 'none',
    enterSends: 'form.msg-form:not(:has(.msg-form__send-button, .msg-form__send-btn))',
    recipient: ['h2.msg-entity-lockup__entity-title', '.msg-overlay-bubble-header__title', 'a.msg-thread__link-to-profile'],
    recipientId: [['a.msg-thread__link-to-profile[href*="/in/"]', 'href'], ['.msg-overlay-bubble-header a[href*="/in/"]', 'href']],
    // Messaging: each group of bubbles links its author's profile.
    lastSender: [['.msg-s-message-list__event .msg-s-message-group__profile-link[href*="/in/"]', 'href']],
    shadowHosts: ['#interop-outlet'],
    channel: (body) => (body instanceof HTMLTextAreaElement ? 'linkedin-note' : 'linkedin-message'),
  },
];

/**
 * Any other site the user turns on: plain textareas and contenteditable boxes, the submit
 * button of the same form. Boxes too small to hold a message (search fields) are left alone.
 */
export const GENERIC: Adapter = {
  id: 'generic',
  label: 'this site',
  hosts: [],
  bodies: ['textarea:not([readonly]):not([disabled])', '[contenteditable="true"]:not([contenteditable="true"] *)', '[contenteditable=""]:not([contenteditable] *)', '[contenteditable="plaintext-only"]:not([contenteditable] *)'],
  exclude: ['blockquote'],
  container: 'form, [role="dialog"]',
  send: ['button[type="submit"]', 'input[type="submit"]', 'button:not([type])'],
  shortcut: 'none',
  enterSends: null,
  recipient: [],
  recipientId: [],
  lastSender: [],
  shadowHosts: [],
  channel: email,
};

/** The built-in adapter for a hostname, if Overture knows the site. */
export function adapterFor(hostname: string): Adapter | undefined {
  return ADAPTERS.find((a) => a.hosts.includes(hostname));
}

/** What settings call a site: a built-in adapter's id, or the hostname for any other. */
export function siteKey(hostname: string): string {
  return adapterFor(hostname)?.id ?? hostname;
}

/** A site's name for people. */
export function siteLabel(hostname: string): string {
  return adapterFor(hostname)?.label ?? hostname;
}

/** Every element matching `selector` in `root` and in the open shadow roots of `shadowHosts`. */
export function deepQueryAll(root: ParentNode, selector: string, shadowHosts: string[]): HTMLElement[] {
  const out = Array.from(root.querySelectorAll<HTMLElement>(selector));
  for (const hostSel of shadowHosts) {
    for (const host of Array.from(root.querySelectorAll<HTMLElement>(hostSel))) {
      if (host.shadowRoot) out.push(...deepQueryAll(host.shadowRoot, selector, shadowHosts));
    }
  }
  return out;
}

/** The compose bodies an adapter finds on the page. */
export function findBodies(adapter: Adapter, doc: Document = document): HTMLElement[] {
  const found = new Set<HTMLElement>();
  for (const sel of adapter.bodies) for (const el of deepQueryAll(doc, sel, adapter.shadowHosts)) found.add(el);
  return [...found];
}
