/* The committee PDF's page: while a worker makes it, its step and progress
   are shown in place (poll_status.js), then its download link, without
   reloading. The message is in a polite live region; the link takes the
   focus only if the reader has not moved it. Without JavaScript the page
   has a refresh link. */
(function () {
  "use strict";

  var box = document.getElementById("report-pdf");
  var message = document.getElementById("report-pdf-message");
  var bar = document.getElementById("report-pdf-progress");
  var waiting = document.getElementById("report-pdf-waiting");
  var downloadBox = document.getElementById("report-pdf-download-box");
  var download = document.getElementById("report-pdf-download");

  window.pollStatus(box, function (state) {
    if (state.message && message.textContent !== state.message) { message.textContent = state.message; }
    if (bar) { bar.value = state.progress; bar.textContent = state.progress + " %"; }
    box.setAttribute("data-status", state.status);
    if (state.status === "pending" || state.status === "running") { return false; }
    if (state.status === "ready" && state.download_url) {
      download.setAttribute("href", state.download_url);
      downloadBox.hidden = false;
      if (waiting) { waiting.hidden = true; }
      if (document.activeElement === document.body || document.activeElement === null) { download.focus(); }
      return true;
    }
    // Failed: the page offers to ask again; show it as it is now.
    window.location.reload();
    return true;
  });
}());
