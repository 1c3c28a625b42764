// Progressive enhancement only: every page works without this file.
(function () {
  "use strict";
  // A typed confirmation (erase) enables its button only when the text matches.
  document.querySelectorAll("[data-confirm-text]").forEach(function (input) {
    var button = document.getElementById(input.getAttribute("data-confirm-button"));
    if (!button) { return; }
    var update = function () { button.disabled = input.value.trim() !== input.getAttribute("data-confirm-text"); };
    input.addEventListener("input", update);
    update();
  });
  // Filters that submit on change, so a manager can narrow a list without pressing Search.
  document.querySelectorAll("form[data-autosubmit] select").forEach(function (select) {
    select.addEventListener("change", function () { select.form.submit(); });
  });
})();
