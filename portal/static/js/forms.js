// GOV.UK error-summary pattern: after a form error, focus moves to the summary, so a screen reader
// reads it and a phone user sees it (it may sit below the fold). Without an error, a confirmation
// from the previous step (a flash after POST and redirect) takes focus instead, so it is read out
// too (role=status alone is not announced when it is already in the page as it loads).
(function () {
  "use strict";
  var target = document.querySelector(".error-summary") || document.querySelector(".flash");
  if (target) { target.focus(); }  // both carry tabindex=-1 in the template
})();
