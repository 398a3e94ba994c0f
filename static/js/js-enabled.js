// Runs first in <body>: GOV.UK Frontend's styles for pages with JavaScript, and for browsers
// that can run its modules. A file rather than inline, so the policy allows no inline script
// and a page is the same for every reader (the public pages are cached).
document.body.className += " js-enabled" + ("noModule" in HTMLScriptElement.prototype ? " govuk-frontend-supported" : "")
