/* Knowledge-base suggestions beside a conversation: "Inserisci" puts the entry's answer into the composer
   (as the canned replies do) and tells the server, which learns from the choice. Loaded with the panel, which
   htmx may redraw: the listener is installed once. */
(function () {
  "use strict";
  if (window.SPORTELLO_KNOWLEDGE) return;
  window.SPORTELLO_KNOWLEDGE = true;

  function csrf() {
    var meta = document.querySelector('meta[name="csrf-token"]');
    return meta ? meta.content : "";
  }

  document.addEventListener("click", function (e) {
    var button = e.target.closest && e.target.closest(".knowledge-insert");
    if (!button) return;
    e.preventDefault();
    var panel = button.closest(".knowledge-panel");
    var status = panel && panel.querySelector(".knowledge-status");
    button.disabled = true;
    fetch(button.dataset.url, {
      method: "POST", credentials: "same-origin", headers: { "X-CSRFToken": csrf() }
    }).then(function (r) {
      if (!r.ok) throw new Error(String(r.status));
      return r.json();
    }).then(function (d) {
      var text = document.getElementById("composer-text");
      var reply = document.getElementById("mode-reply");
      if (reply) reply.checked = true;
      if (text) {
        var start = text.selectionStart || text.value.length;
        text.value = text.value.slice(0, start) + d.text + text.value.slice(text.selectionEnd || start);
        text.focus();
      }
      if (status) status.textContent = button.dataset.done || "";
    }).catch(function () {
      if (status) status.textContent = button.dataset.failed || "";
    }).then(function () { button.disabled = false; });
  });
})();
