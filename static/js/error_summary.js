/* A form sent back with errors: the summary above it takes the focus, so
   that a screen reader says what to correct and the keyboard starts there. */
(function () {
  "use strict";

  var summary = document.getElementById("error-summary");
  if (summary) { summary.focus(); }
}());
