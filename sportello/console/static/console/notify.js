/* Sportello console: new-message notifications. A counter in the tab title, an optional sound (off unless the
   user turns it on; remembered in localStorage) and desktop notifications (permission asked only on a click).
   Listens to the console's event stream (console.js) and asks the scoped /notifiche/ view what this user may see. */
(function () {
  "use strict";
  var S = window.SPORTELLO || {};
  if (!S.notificationsUrl) return;
  var SOUND_KEY = "sportello.sound";
  var baseTitle = document.title.replace(/^\(\d+\)\s*/, "");
  var last = null;
  var layout = document.querySelector("[data-console]");
  var viewing = layout && layout.dataset.conversation ? Number(layout.dataset.conversation) : null;
  var audio = null;

  function soundOn() { try { return window.localStorage.getItem(SOUND_KEY) === "on"; } catch (e) { return false; } }
  function setSound(on) { try { window.localStorage.setItem(SOUND_KEY, on ? "on" : "off"); } catch (e) { /* private mode */ } }
  function play() {
    if (!soundOn() || !S.soundUrl) return;
    if (!audio) audio = new Audio(S.soundUrl);
    audio.currentTime = 0;
    var p = audio.play(); if (p && p.catch) p.catch(function () { /* autoplay refused until a click */ });
  }
  function setTitle(unread) {
    document.title = unread > 0 ? "(" + unread + ") " + baseTitle : baseTitle;
    document.documentElement.dataset.unread = String(unread);
  }
  function desktop(item) {
    if (!("Notification" in window) || window.Notification.permission !== "granted") return;
    if (item.conversation === viewing && document.visibilityState === "visible") return;
    var n = new window.Notification(item.title, { body: item.body, tag: "sportello-" + item.conversation });
    n.onclick = function () { window.focus(); window.location.href = item.url; n.close(); };
  }
  function check() {
    var url = S.notificationsUrl + (last === null ? "" : "?dopo=" + last);
    fetch(url, { credentials: "same-origin", headers: { "Accept": "application/json" } })
      .then(function (r) { return r.ok ? r.json() : null; })
      .then(function (d) {
        if (!d) return;
        var first = last === null;
        last = d.last;
        setTitle(d.unread);
        if (first || !d["new"].length) return;
        play();
        d["new"].forEach(desktop);
      });
  }
  // A burst of events asks once: 400 ms after the first, then at most once a second (the list's pace), so the
  // summary does not compete with the conversation being read for the web server.
  var timer = null, checked = 0;
  function soon() {
    if (timer) return;
    timer = setTimeout(function () { timer = null; checked = Date.now(); check(); }, Math.max(400, checked + 1000 - Date.now()));
  }

  /* ---- controls ---- */
  function renderControls() {
    var sound = document.getElementById("notify-sound");
    if (sound) sound.checked = soundOn();
    var button = document.getElementById("notify-desktop");
    var state = document.getElementById("notify-desktop-state");
    if (!button || !state) return;
    if (!("Notification" in window)) { button.hidden = true; state.textContent = S.i18n.notifyUnsupported; return; }
    var permission = window.Notification.permission;
    button.hidden = permission !== "default";
    state.textContent = permission === "granted" ? S.i18n.notifyOn : permission === "denied" ? S.i18n.notifyDenied : "";
  }
  document.addEventListener("change", function (e) {
    if (e.target.id === "notify-sound") { setSound(e.target.checked); if (e.target.checked) play(); }
  });
  document.addEventListener("click", function (e) {
    if (e.target.id !== "notify-desktop" || !("Notification" in window)) return;
    var asked = window.Notification.requestPermission(renderControls);
    if (asked && asked.then) asked.then(renderControls);
  });
  document.addEventListener("console:list-updated", renderControls);

  /* ---- events ---- */
  function listen() {
    var source = S.source;
    if (!source) { setTimeout(listen, 500); return; }
    ["message.created", "conversation.state", "conversation.updated", "conversation.assigned"].forEach(function (k) {
      source.addEventListener(k, soon);
    });
    source.addEventListener("open", soon);
  }
  document.addEventListener("visibilitychange", function () { if (document.visibilityState === "visible") soon(); });
  renderControls();
  check();
  listen();
})();
