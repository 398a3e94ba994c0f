// Long forms warn before the page is left with unsaved changes. Progressive enhancement: the
// forms work without it, and it only adds the browser's own "Leave page?" question.
export function warnBeforeLeaving(root = document) {
  for (const form of root.querySelectorAll("form[data-warn-unsaved]")) {
    let changed = false
    const saved = new Map()
    for (const field of form.elements) saved.set(field, field.value)
    form.addEventListener("input", (event) => {
      changed = [...saved].some(([field, value]) => field.value !== value)
    })
    form.addEventListener("submit", () => { changed = false })
    window.addEventListener("beforeunload", (event) => {
      if (!changed) return
      event.preventDefault()
      event.returnValue = ""
    })
  }
}
