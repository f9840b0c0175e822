// The toolbar popup. For now it explains where Overture works and links to the settings; the
// live summary of the focused draft comes with the pre-send work.
document.getElementById('status')?.setAttribute('data-overture-popup', 'ready');
