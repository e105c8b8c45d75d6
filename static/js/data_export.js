/* The person's data copy: while it is being prepared, its state is shown
   in place (progress, then the two files), without reloading (poll_status.js).
   Without JavaScript the page has a refresh link. */
(function () {
  "use strict";

  var message = document.getElementById("data-export-message");
  var bar = document.getElementById("data-export-progress");
  var files = document.getElementById("data-export-files");
  var refresh = document.getElementById("data-export-refresh");

  window.pollStatus(document.getElementById("data-export"), function (state) {
    if (message && state.message) { message.textContent = state.message; }
    if (bar) { bar.value = state.progress; bar.textContent = state.progress + " %"; }
    if (state.status === "done" && state.files) {
      document.getElementById("data-export-pdf").setAttribute("href", state.files.pdf);
      document.getElementById("data-export-json").setAttribute("href", state.files.json);
      files.hidden = false;
      if (bar) { bar.hidden = true; var label = document.querySelector('label[for="data-export-progress"]'); if (label) { label.hidden = true; } }
      if (refresh) { refresh.hidden = true; }
      return true;
    }
    if (state.status === "failed") {
      // The page offers to ask again: show it as it is now.
      window.location.reload();
      return true;
    }
    return false;
  });
}());
