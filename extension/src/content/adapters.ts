// Compose adapters: one table row per site. Selectors prefer stable hooks (roles, aria-label
// prefixes, data-test ids) over generated classes; update them here when a site changes.
import type { Channel } from '../protocol';

export interface Adapter {
  id: string;
  /** Hostnames the adapter serves. */
  hosts: RegExp;
  /** Compose bodies: contenteditable editors or textareas. */
  bodies: string[];
  /** Parts inside a body that are not the user's own words (quotes, signatures, headers). */
  exclude: string[];
  /** The compose container, searched upward from the body (for the send button). */
  container: string;
  /** Send buttons inside the container. */
  send: string[];
  /** Elements whose open shadow roots hold compose boxes (LinkedIn's #interop-outlet). */
  shadowHosts: string[];
  /** Where the message goes; may depend on the body element. */
  channel: (body: HTMLElement) => Channel;
}

const email = (): Channel => 'email';

export const ADAPTERS: Adapter[] = [
  {
    id: 'gmail',
    hosts: /^mail\.google\.com$/,
    bodies: ['div[contenteditable="true"][g_editable="true"]', 'div[contenteditable="true"][role="textbox"][aria-label^="Message Body"]'],
    exclude: ['.gmail_quote', '.gmail_quote_container', '.gmail_attr', 'blockquote', '.gmail_signature', '.gmail_signature_prefix', 'div.ajR', '.gmail_extra'],
    container: '[role="dialog"], div.M9, .ip, [role="main"]',
    send: ['[role="button"][data-tooltip^="Send"]', '[role="button"][aria-label^="Send"]'],
    shadowHosts: [],
    channel: email,
  },
  {
    id: 'outlook',
    hosts: /^outlook\.(live|office|office365)\.com$/,
    bodies: ['div[contenteditable="true"][role="textbox"][aria-label^="Message body"]'],
    exclude: ['#appendonsend', '#appendonsend ~ *', '#divRplyFwdMsg', '#divRplyFwdMsg ~ *', '#Signature', '[id^="Signature"]', 'blockquote'],
    container: '[id*="docking_InitVisiblePart"], [data-app-section="Form_Content"], [role="main"]',
    send: ['button[aria-label="Send"]', 'button[title^="Send"]'],
    shadowHosts: [],
    channel: email,
  },
  {
    id: 'yahoo',
    hosts: /^mail\.yahoo\.com$/,
    bodies: ['div[data-test-id="rte"][contenteditable="true"]', 'div[contenteditable="true"][role="textbox"][aria-label="Message body"]'],
    exclude: ['[class$="yahoo_quoted"]', '.yahoo_quoted', 'blockquote', '.signature'],
    container: '[data-test-id="compose"]',
    send: ['button[data-test-id="compose-send-button"]'],
    shadowHosts: [],
    channel: email,
  },
  {
    id: 'linkedin',
    hosts: /^www\.linkedin\.com$/,
    bodies: ['div.msg-form__contenteditable[contenteditable="true"]', 'textarea#custom-message', 'textarea[name="message"]'],
    exclude: [],
    container: 'form.msg-form, [role="dialog"], .artdeco-modal',
    send: ['button.msg-form__send-button', 'button.msg-form__send-btn', 'button[aria-label="Send invitation"]', 'button[aria-label="Send now"]'],
    shadowHosts: ['#interop-outlet'],
    channel: (body) => (body instanceof HTMLTextAreaElement ? 'linkedin-note' : 'linkedin-message'),
  },
];

export function adapterFor(hostname: string): Adapter | undefined {
  return ADAPTERS.find((a) => a.hosts.test(hostname));
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
