// Easy Read help as the author types: the longest sentence's length and any hard word from the
// coordinator's list, in a polite live region under the point's box. The server checks the same
// rules again when the point is saved (casestudies/easy_read.py); this only says so sooner.

const LONGEST = 15

function sentences(text) {
  return text.split(/(?<=[.!?])\s+|\n+/).map((part) => part.trim()).filter(Boolean)
}

function wordsIn(sentence) {
  return (sentence.match(/\S+/g) || []).length
}

function escapeForPattern(text) {
  return text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")
}

function hardWordsIn(text, hardWords) {
  return hardWords.filter((word) => {
    const parts = word.split(/\s+/).map(escapeForPattern).join("\\s+")
    return new RegExp(`(?<![\\w-])${parts}s?(?![\\w-])`, "i").test(text)
  })
}

export function helpWithEasyRead() {
  const box = document.querySelector("[data-easy-read-help]")
  if (!box) return
  const hardWords = JSON.parse(box.dataset.easyReadHelp || "[]")
  const glossary = JSON.parse(box.dataset.glossary || "[]").map((word) => word.toLowerCase())
  const status = document.createElement("div")
  status.className = "govuk-hint app-easy-read-help"
  status.id = `${box.id}-live`
  status.setAttribute("aria-live", "polite")
  box.insertAdjacentElement("afterend", status)
  let timer = null
  const update = () => {
    const text = box.value
    const longest = Math.max(0, ...sentences(text).map(wordsIn))
    const unexplained = hardWordsIn(text, hardWords).filter(
      (word) => !glossary.includes(word.toLowerCase())
    )
    const lines = []
    if (longest > LONGEST) {
      lines.push(`Your longest sentence has ${longest} words. Split it into sentences of ${LONGEST} words or fewer.`)
    } else if (longest > 0) {
      lines.push(`Every sentence has ${LONGEST} words or fewer.`)
    }
    if (unexplained.length) {
      lines.push(`Hard words to say in plain words or add to the glossary: ${unexplained.join(", ")}.`)
    }
    status.textContent = lines.join(" ")
  }
  box.addEventListener("input", () => {
    clearTimeout(timer)
    timer = setTimeout(update, 600)
  })
  update()
}
