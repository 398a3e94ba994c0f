// On a phone the finder's filters fold away behind their "Filter" summary, so the results
// come first; they stay open when the reader has chosen some, and on wider screens (where the
// summary is hidden) they are always open. Without JavaScript they are simply open.
const NARROW = "(max-width: 40.0525em)"

export function foldFiltersOnSmallScreens() {
  const details = document.querySelector("details.app-filters-toggle")
  if (!details) return
  const fold = () => {
    const chosen = details.querySelector("input[type=checkbox]:checked")
    details.open = !window.matchMedia(NARROW).matches || Boolean(chosen)
  }
  fold()
  window.matchMedia(NARROW).addEventListener("change", fold)
}
