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
   * Who the message goes to, exactly: where the address or profile URL is read (the patience
   * ledger hashes it; it is never stored as is). A value that holds only a display name gives
   * no recipient, and patience stays silent for that draft.
   */
  recipientId: IdSource[];
  /**
   * For compose boxes whose recipient the page names outside any element (LinkedIn's
   * invitation note, on the invitee's profile page): the recipient, or null when the page does
   * not say. Undefined leaves it to `recipientId`.
   */
  recipientOf?: (body: HTMLElement, page: Location) => string | null | undefined;
  /** Where the page names the person `recipientOf` gives (a profile's heading). */
  pageName?: string;
  /** The sender of the latest message of the thread the page shows (the reading pane, or the
   *  header of the message quoted in a reply): when it is the recipient, they have answered. */
  lastSender: IdSource[];
  /** Elements whose open shadow roots hold compose boxes (LinkedIn's #interop-outlet). */
  shadowHosts: string[];
  /** Where the message goes; may depend on the body element. */
  channel: (body: HTMLElement) => Channel;
}

/**
 * Where an address or profile URL is read: the elements matching `sel`, and in each its
 * attribute `from` (`href` resolved against the page) or, with `from: 'text'`, its text. The
 * address is found inside the value ("Dana Kim <dana@example.org>" gives the address). When
 * several elements match, `pick` says which one counts (the first by default).
 */
export interface IdSource {
  sel: string;
  from: string;
  pick?: 'first' | 'last';
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
    recipientId: [
      { sel: '[name="to"] [role="option"][data-hovercard-id]', from: 'data-hovercard-id' },
      { sel: '.vR [email]', from: 'email' },
    ],
    lastSender: [
      // The reading pane: each message's header names its sender in `.gD[email]`.
      { sel: '.adn .gD[email]', from: 'email', pick: 'last' },
      // An expanded quote: "On …, Dana Kim <dana@example.org> wrote:" (the outermost comes first).
      { sel: '.gmail_attr', from: 'text' },
    ],
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
    // A pill's title holds the address; a pill typed as an address shows it. A pill that shows
    // only a name, with no address in the page, gives none: Overture never opens the contact
    // card to find it (that would change the page under the user).
    recipientId: [
      { sel: '[aria-label="To"] [title*="@"]', from: 'title' },
      { sel: '[aria-label="To"] [role="button"]', from: 'text' },
      { sel: '[aria-label="To"]', from: 'text' },
    ],
    // A reply quotes the message it answers under a From/Sent/To header: its first address is
    // that message's sender.
    lastSender: [{ sel: '#divRplyFwdMsg', from: 'text' }],
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
    // Each pill's title is "Name <address>" or the address alone.
    recipientId: [{ sel: '[data-test-id="container-to"] [data-test-id="pill"][title]', from: 'title' }, { sel: '[data-test-id="pill"][title]', from: 'title' }],
    // A reply quotes the message it answers: "On <date>, <name> <address> wrote:" (the
    // outermost quote comes first).
    lastSender: [{ sel: '[class$="yahoo_quoted"]', from: 'text' }],
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
    recipientId: [
      { sel: 'a.msg-thread__link-to-profile[href*="/in/"]', from: 'href' },
      { sel: '.msg-overlay-bubble-header a[href*="/in/"]', from: 'href' },
    ],
    // The invitation note goes to the profile the page shows (the "Connect" button lives on
    // /in/<name>/); elsewhere (search results) the dialog does not name the profile.
    pageName: 'main h1',
    recipientOf: (body, page) => (body instanceof HTMLTextAreaElement ? (/^\/in\/[^/]+/.test(page.pathname) ? page.href : null) : undefined),
    // Messaging: each group of bubbles links its author's profile.
    lastSender: [{ sel: '.msg-s-message-list__event .msg-s-message-group__profile-link[href*="/in/"]', from: 'href', pick: 'last' }],
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
