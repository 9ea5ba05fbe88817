// Progressive enhancement of an export's page: look at the job's status every few
// seconds and update the page in place, so that the polite live region announces
// only a change of status (ready, failed) and not every step of the progress.
// Without this script the page refreshes itself (a <noscript> meta refresh).
(function () {
  "use strict";

  var root = document.querySelector("[data-export-job]");
  if (!root || !window.fetch) return;
  var again = root.querySelector("[data-export-again]");
  if (again) again.hidden = true;

  function setText(name, value) {
    var field = root.querySelector('[data-export-field="' + name + '"]');
    if (!field || field.textContent === value) return;
    field.textContent = value;
    field.hidden = value === "";
  }

  function show(state) {
    ["status_label", "message", "error", "progress"].forEach(function (name) {
      setText(name, state[name] || "");
    });
    root.querySelector("[data-export-bar]").value = state.percent;
    if (state.download_url) {
      root.querySelector("[data-export-link]").href = state.download_url;
      root.querySelector("[data-export-download]").hidden = false;
    }
  }

  function poll() {
    fetch(root.dataset.statusUrl, { credentials: "same-origin", headers: { Accept: "application/json" } })
      .then(function (response) {
        if (!response.ok) throw new Error(response.status);
        return response.json();
      })
      .then(function (state) {
        show(state);
        if (state.active) window.setTimeout(poll, root.dataset.pollSeconds * 1000);
      })
      .catch(function () {
        if (again) again.hidden = false; // let the person look again by hand
      });
  }

  if (again) {
    window.setTimeout(poll, root.dataset.pollSeconds * 1000);
  }
})();
