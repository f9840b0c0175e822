// Overture's page UI look, shared by the extension overlay and the playground. Category colours
// are chosen to stay distinct for common colour-vision deficiencies (and each category also
// differs in line style).
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

export const OVERLAY_CSS = `
:host { all: initial; }
.clip { position: fixed; overflow: hidden; pointer-events: none; }
.mark { position: absolute; pointer-events: none; box-sizing: border-box; border-bottom: 2px solid; opacity: .85; }
.mark[data-overture-category="pitch"] { border-color: ${CATEGORY_COLOURS.pitch}; background: rgba(217,48,37,.08); }
.mark[data-overture-category="pressure"] { border-color: ${CATEGORY_COLOURS.pressure}; background: rgba(232,113,10,.08); }
.mark[data-overture-category="self_focus"] { border-color: ${CATEGORY_COLOURS.self_focus}; border-bottom-style: dashed; }
.mark[data-overture-category="follow_up"] { border-color: ${CATEGORY_COLOURS.follow_up}; border-bottom-style: dashed; }
.mark[data-overture-category="mutuality"] { border-color: ${CATEGORY_COLOURS.mutuality}; border-bottom-style: dotted; opacity: .6; }
.badge { position: fixed; pointer-events: auto; display: flex; align-items: center; gap: 6px; padding: 3px 9px 3px 4px;
  border-radius: 999px; border: 1px solid rgba(0,0,0,.12); background: #fff; color: #202124; cursor: pointer;
  font: 600 12px/18px system-ui, -apple-system, "Segoe UI", Roboto, sans-serif; box-shadow: 0 1px 3px rgba(0,0,0,.15); }
.badge .dot { width: 18px; height: 18px; border-radius: 50%; color: #fff; display: grid; place-items: center; font-size: 10px; }
.badge[hidden], .card[hidden], .notice[hidden] { display: none; }
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
.card .bar { height: 6px; border-radius: 3px; background: #e8eaed; overflow: hidden; min-width: 80px; }
.card .bar > i { display: block; height: 100%; }
@media (prefers-color-scheme: dark) {
  .badge, .card, .notice { background: #292a2d; color: #e8eaed; border-color: rgba(255,255,255,.15); }
  .card button, .notice button { background: #3c4043; color: #e8eaed; border-color: #5f6368; }
  .card button.suggestion { background: transparent; color: #8ab4f8; border-color: #8ab4f8; }
  .card .principle { color: #9aa0a6; }
  .card .bar { background: #3c4043; }
}
`;
