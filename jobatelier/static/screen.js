// The waiting room's screen shows the queue as it is now: it reloads itself every few
// seconds (the page says how many). A script of the app's own, allowed by the CSP; a meta
// refresh would do the same, but counts as a time limit nobody can adjust (WCAG 2.2.1).
(function () {
  "use strict";
  var seconds = Number(document.body.getAttribute("data-refresh-seconds")) || 15;
  window.setTimeout(function () { window.location.reload(); }, seconds * 1000);
})();
