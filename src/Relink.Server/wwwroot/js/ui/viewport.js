// Keeps the page exactly as tall as what the user can see. CSS's 100dvh already follows the browser's bars, and
// Chrome shrinks the page for the on-screen keyboard (index.html's interactive-widget=resizes-content); Safari
// instead lays the keyboard over the page and only the visual viewport knows, so its height is passed to CSS as
// --app-height. The composer at the bottom of the page then stays above the keyboard everywhere.

export function followVisualViewport() {
  const viewport = window.visualViewport;
  if (!viewport) {
    return; // the CSS fallback (100dvh) stands
  }
  const root = document.documentElement;
  const update = () => {
    if (Math.abs(viewport.scale - 1) < 0.01) {
      root.style.setProperty('--app-height', `${Math.round(viewport.height)}px`);
    } else {
      root.style.removeProperty('--app-height'); // pinch zoom: the page keeps its size under the zoomed view
    }
  };
  viewport.addEventListener('resize', update);
  update();
}
