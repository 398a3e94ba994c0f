// Starts GOV.UK Frontend's components and the portal's own enhancements on every page.
// Imports are relative to this file, so they work with hashed and unhashed static names.
import { initAll } from "../govuk/govuk-frontend.min.js"
import { helpWithEasyRead } from "./easy-read-help.js"
import { foldFiltersOnSmallScreens } from "./filters.js"
import { warnBeforeLeaving } from "./unsaved-changes.js"

initAll()
warnBeforeLeaving()
foldFiltersOnSmallScreens()
helpWithEasyRead()
