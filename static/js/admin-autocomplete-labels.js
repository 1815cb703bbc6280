/* Name the search box inside each admin autocomplete (Select2) after its field's label:
   Select2 builds that box without one, so a screen reader announced an unnamed search.
   Registered after Django's autocomplete.js, so its ready handler runs once Select2 has. */
window.django.jQuery(function () {
  "use strict";
  document.querySelectorAll("select.admin-autocomplete").forEach(function (select) {
    var label = document.querySelector('label[for="' + select.id + '"]');
    var container = select.nextElementSibling;
    if (!label || !container) {
      return;
    }
    var name = label.textContent.replace(/:\s*$/, "").trim();
    container.querySelectorAll(".select2-search__field").forEach(function (search) {
      search.setAttribute("aria-label", name);
    });
  });
});
