// Overture's page UI look, shared by the extension overlay and the playground. Category colours
// are chosen to stay distinct for common colour-vision deficiencies, and each category's
// underline also differs in style: pitch solid, pressure double, self-focus dashed, chasing
// dotted, mutuality a thin line.
export const CATEGORY_COLOURS: Record<string, string> = {
  pitch: '#d93025',
  pressure: '#e8710a',
  self_focus: '#9334e6',
  follow_up: '#1a73e8',
  mutuality: '#188038',
};

export const BAND_COLOURS: Record<string, string> = {
  mutual: '#188038',
  one_sided: '#b06000',
  pitch: '#c5221f',
};

/**
 * The same colours as text (a band's name, a category's heading): readable at WCAG AA (4.5:1)
 * on Overture's light and on its dark surfaces. `light-dark()` needs `color-scheme: light dark`
 * on the page (the popup, options and playground set it).
 */
export const BAND_INK: Record<string, string> = {
  mutual: 'light-dark(#137333, #81c995)',
  one_sided: 'light-dark(#9a5500, #fdd663)',
  pitch: 'light-dark(#c5221f, #f28b82)',
};

export const CATEGORY_INK: Record<string, string> = {
  pitch: 'light-dark(#c5221f, #f28b82)',
  pressure: 'light-dark(#a14a00, #fcad70)',
  self_focus: 'light-dark(#8430ce, #d7aefb)',
  follow_up: 'light-dark(#1967d2, #8ab4f8)',
  mutuality: 'light-dark(#137333, #81c995)',
};

export const OVERLAY_CSS = `
:host { all: initial; }
.clip { position: fixed; overflow: hidden; pointer-events: none; }
.mark { position: absolute; pointer-events: none; box-sizing: border-box; border-bottom: 2px solid; opacity: .85; }
.mark[data-overture-category="pitch"] { border-color: ${CATEGORY_COLOURS.pitch}; background: rgba(217,48,37,.08); }
.mark[data-overture-category="pressure"] { border-color: ${CATEGORY_COLOURS.pressure}; border-bottom: 3px double; background: rgba(232,113,10,.08); }
.mark[data-overture-category="self_focus"] { border-color: ${CATEGORY_COLOURS.self_focus}; border-bottom-style: dashed; }
.mark[data-overture-category="follow_up"] { border-color: ${CATEGORY_COLOURS.follow_up}; border-bottom-style: dotted; }
.mark[data-overture-category="mutuality"] { border-color: ${CATEGORY_COLOURS.mutuality}; border-bottom-width: 1px; opacity: .6; }
.badge { position: fixed; pointer-events: auto; display: flex; align-items: center; gap: 6px; padding: 3px 9px 3px 4px;
  border-radius: 999px; border: 1px solid rgba(0,0,0,.12); background: #fff; color: #202124; cursor: pointer;
  font: 600 12px/18px system-ui, -apple-system, "Segoe UI", Roboto, sans-serif; box-shadow: 0 1px 3px rgba(0,0,0,.15); }
.badge.compact { padding: 3px; gap: 0; font-size: 0; }
.badge.compact .dot { font-size: 10px; }
/* A pill rather than a circle, so that a score of 100 fits: one or two digits still make a circle. */
.badge .dot { min-width: 18px; height: 18px; padding: 0 3px; box-sizing: border-box; border-radius: 9px; color: #fff; display: grid; place-items: center; font-size: 10px; }
.badge[hidden], .card[hidden], .notice[hidden] { display: none; }
.patience { margin: 8px 0; padding: 6px 8px; border-left: 3px solid #1a73e8; background: rgba(26,115,232,.08); border-radius: 4px; }
.live { position: fixed; width: 1px; height: 1px; overflow: hidden; clip-path: inset(50%); white-space: nowrap; }
.card, .notice { position: fixed; pointer-events: auto; max-width: 340px; box-sizing: border-box; padding: 12px 14px; border-radius: 10px;
  background: #fff; color: #202124; border: 1px solid rgba(0,0,0,.12); box-shadow: 0 6px 24px rgba(0,0,0,.18);
  font: 13px/1.45 system-ui, -apple-system, "Segoe UI", Roboto, sans-serif; }
.card h3 { margin: 0 0 4px; font-size: 13px; display: flex; gap: 6px; align-items: center; }
.card .cat { width: 10px; height: 10px; border-radius: 50%; display: inline-block; }
.card p { margin: 4px 0; }
.card .principle { color: #5f6368; font-style: italic; }
.card .row { display: flex; flex-wrap: wrap; gap: 6px; margin-top: 8px; }
.card button, .notice button { font: inherit; border-radius: 6px; border: 1px solid #dadce0; background: #f8f9fa; color: #202124; padding: 3px 8px; cursor: pointer; }
.card button.suggestion { border-color: #1a73e8; color: #1a73e8; background: #fff; }
.card table { border-collapse: collapse; width: 100%; }
.card td { padding: 1px 4px; }
.card .bar { display: flex; height: 6px; border-radius: 3px; background: #e8eaed; overflow: hidden; min-width: 80px; }
.card .bar > i { display: block; flex: none; height: 100%; }
.card .taken-note td { padding-top: 3px; color: #5f6368; font-size: 12px; white-space: normal; }
.panel { position: fixed; inset: auto; margin: 0; pointer-events: auto; box-sizing: border-box; padding: 14px 16px 10px; border-radius: 12px;
  background: #fff; color: #202124; border: 1px solid rgba(0,0,0,.12); box-shadow: 0 10px 32px rgba(0,0,0,.25);
  font: 13px/1.45 system-ui, -apple-system, "Segoe UI", Roboto, sans-serif; z-index: 1; overflow: auto; }
.panel .why .label { color: #5f6368; }
.panel .head { display: flex; gap: 10px; align-items: center; }
.panel .score { flex: none; width: 30px; height: 30px; border-radius: 50%; color: #fff; display: grid; place-items: center; font-weight: 700; }
.panel h3 { margin: 0; font-size: 14px; }
.panel .sub { margin: 4px 0 8px; color: #5f6368; }
.panel ul { list-style: none; margin: 0; padding: 0; border-top: 1px solid #e8eaed; }
.panel li { padding: 6px 0; border-bottom: 1px solid #e8eaed; }
.panel .name { display: flex; gap: 6px; align-items: center; color: #5f6368; }
.panel .name b { color: #202124; font-weight: 600; }
.panel .cat { width: 9px; height: 9px; border-radius: 50%; flex: none; }
.panel .why { margin: 2px 0 0; }
.panel .row { display: flex; flex-wrap: wrap; gap: 6px; margin-top: 5px; }
.panel button { font: inherit; border-radius: 6px; border: 1px solid #dadce0; background: #f8f9fa; color: #202124; padding: 4px 10px; cursor: pointer; }
.panel button.suggestion { border-color: #1a73e8; color: #1a73e8; background: #fff; font-size: 12px; padding: 2px 8px; }
.panel .actions { display: flex; justify-content: flex-end; gap: 8px; margin-top: 10px; }
.panel button.send { background: #1a73e8; border-color: #1a73e8; color: #fff; font-weight: 600; }
.panel .more { display: flex; flex-wrap: wrap; justify-content: space-between; gap: 4px 12px; margin-top: 8px; }
.panel button.link { border: 0; background: none; padding: 0; color: #5f6368; font-size: 12px; text-decoration: underline; }
.panel button:focus-visible, .card button:focus-visible, .badge:focus-visible { outline: 2px solid #1a73e8; outline-offset: 2px; }
@media (prefers-color-scheme: dark) {
  .panel { background: #292a2d; color: #e8eaed; border-color: rgba(255,255,255,.15); }
  .panel .sub, .panel .name, .panel button.link, .panel .why .label { color: #9aa0a6; }
  .panel .name b { color: #e8eaed; }
  .panel ul, .panel li { border-color: #3c4043; }
  .panel button { background: #3c4043; color: #e8eaed; border-color: #5f6368; }
  .panel button.suggestion { background: transparent; color: #8ab4f8; border-color: #8ab4f8; }
  .panel button.send { background: #8ab4f8; border-color: #8ab4f8; color: #202124; }
  .badge, .card, .notice { background: #292a2d; color: #e8eaed; border-color: rgba(255,255,255,.15); }
  .card button, .notice button { background: #3c4043; color: #e8eaed; border-color: #5f6368; }
  .card button.suggestion { background: transparent; color: #8ab4f8; border-color: #8ab4f8; }
  .card .principle, .card .taken-note td { color: #9aa0a6; }
  .card .bar { background: #3c4043; }
}
`;
