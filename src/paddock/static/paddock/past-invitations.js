// Inviting an earlier edition's people: progressive enhancement. Two buttons tick or untick
// every person listed, and the form sends the people ticked as one field ("12,15,…"):
// 2,000 checkboxes would pass the server's limit on the number of fields in a form. Without
// this script, the checkboxes are sent one by one, as any form's.
(function () {
  "use strict";
  var form = document.getElementById("past-invitation");
  if (!form) {
    return;
  }
  function boxes() {
    return Array.prototype.slice.call(form.querySelectorAll('input[name="person"]'));
  }
  form.querySelectorAll("[data-tick]").forEach(function (button) {
    button.hidden = false;
    button.addEventListener("click", function () {
      boxes().forEach(function (box) { box.checked = button.dataset.tick === "all"; });
    });
  });
  form.addEventListener("submit", function () {
    var ticked = boxes().filter(function (box) { return box.checked; });
    form.elements.people.value = ticked.map(function (box) { return box.value; }).join(",");
    boxes().forEach(function (box) { box.disabled = true; });
    // One sending: a second click would only be told that everyone is invited already.
    form.querySelectorAll('button[type="submit"]').forEach(function (button) {
      button.disabled = true;
    });
  });
  // Back to the page from the browser's cache: the boxes and the button answer again.
  window.addEventListener("pageshow", function () {
    boxes().forEach(function (box) { box.disabled = false; });
    form.querySelectorAll('button[type="submit"]').forEach(function (button) {
      button.disabled = false;
    });
  });
})();
