/* A "Copy citation" button beside each citation box, added only where scripts run: without
   them the citation is still plain text to select and copy, so nothing depends on this. */
(function () {
  "use strict";

  function addButton(box) {
    var button = document.createElement("button");
    button.type = "button";
    button.textContent = "Copy citation";
    // Announced by screen readers when it changes; empty until the button is used.
    var result = document.createElement("span");
    result.className = "copy-result";
    result.setAttribute("role", "status");
    var row = document.createElement("p");
    row.className = "copy-row";
    row.append(button, " ", result);
    box.after(row);

    function selectInstead() {
      box.focus();
      box.select();
      result.textContent = "Could not copy automatically: the citation is selected, " +
        "press Ctrl+C (or Command+C) to copy it.";
    }

    button.addEventListener("click", function () {
      if (!navigator.clipboard || !window.isSecureContext) {
        selectInstead();
        return;
      }
      navigator.clipboard.writeText(box.value).then(function () {
        result.textContent = "Citation copied.";
      }, selectInstead);
    });
  }

  document.querySelectorAll("textarea.citation").forEach(addButton);
})();
