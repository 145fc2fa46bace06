/* Sportello console: live updates (server-sent events), message merging, presence, shortcuts. No build step. */
(function () {
  "use strict";
  var S = window.SPORTELLO || {};
  var layout = document.querySelector("[data-console]");
  if (!layout) return;
  var conversationId = layout.dataset.conversation ? Number(layout.dataset.conversation) : null;
  var messagesUrl = layout.dataset.messagesUrl;
  var detailsUrl = layout.dataset.detailsUrl;
  var presenceUrl = layout.dataset.presenceUrl;
  var readUrl = layout.dataset.readUrl;
  var csrf = (document.querySelector("meta[name=csrf-token]") || {}).content || "";
  var viewers = {};

  function $(sel, root) { return (root || document).querySelector(sel); }
  function $all(sel, root) { return Array.prototype.slice.call((root || document).querySelectorAll(sel)); }
  function announce(text) {
    var live = $("#live-announcer");
    if (!live) return;
    live.textContent = "";
    setTimeout(function () { live.textContent = text; }, 50);
  }
  function debounce(fn, ms) {
    var t = null;
    return function () { clearTimeout(t); t = setTimeout(fn, ms); };
  }

  /* ---- conversation list ---- */
  function listQuery() {
    var list = $("#conversation-list");
    var qs = list ? list.dataset.querystring || "" : "";
    var params = new URLSearchParams(qs);
    if (conversationId) params.set("aperta", conversationId);
    return params.toString();
  }
  // At most one list refresh per LIST_EVERY ms (first at once, the last one always): under a burst of
  // messages the list query must not crowd out the fetch of the conversation being read.
  function throttle(fn, ms) {
    var last = 0, timer = null;
    return function () {
      if (timer) return;
      var wait = Math.max(0, last + ms - Date.now());
      timer = setTimeout(function () { timer = null; last = Date.now(); fn(); }, wait);
    };
  }
  // Conversations changed since the last refresh (from the event stream); null: the whole list is due.
  var changed = null;
  function keepingFocus(list, change) {
    var focused = document.activeElement && document.activeElement.dataset ? document.activeElement.dataset.conversation : null;
    var result = change();
    var root = $("#conversation-list") || list;
    if (focused && document.activeElement !== $('[data-conversation="' + focused + '"]', root)) {
      var again = $('[data-conversation="' + focused + '"]', root); if (again) again.focus();
    }
    return result;
  }
  function replaceList(list, fresh) { keepingFocus(list, function () { list.replaceWith(fresh); }); }
  // Rows of the changed conversations, and the server's order: rows already shown are moved, not re-rendered.
  // False when a row the order names is missing (it joined the list without an event): the whole list is due.
  function mergeList(list, delta) {
    var ul = $("ul", list);
    if (!ul) return false;
    var rows = {};
    $all("[data-conversation]", delta).forEach(function (a) { rows[a.dataset.conversation] = a.parentElement; });
    var shown = {};
    $all("[data-conversation]", ul).forEach(function (a) { shown[a.dataset.conversation] = a.parentElement; });
    var order = delta.dataset.order ? delta.dataset.order.split(",") : [];
    if (!order.length || !order.every(function (id) { return rows[id] || shown[id]; })) return false;
    var cursor = ul.firstElementChild;
    order.forEach(function (id) {
      var row = rows[id] || shown[id];
      if (rows[id] && shown[id]) { shown[id].replaceWith(row); if (cursor === shown[id]) cursor = row; }
      if (row === cursor) { cursor = cursor.nextElementSibling; return; }
      ul.insertBefore(row, cursor);
    });
    while (cursor) { var next = cursor.nextElementSibling; cursor.remove(); cursor = next; }
    var count = $(".list-count", delta);
    if (count) $(".list-count", list).replaceWith(count);
    return true;
  }
  // listShown: the newest request whose answer the list shows. An answer overtaken by a newer one is not shown
  // (its rows would be older than what is on screen): its rows are asked for again instead.
  var listAsked = 0, listShown = 0;
  var refreshList = throttle(function () {
    var list = $("#conversation-list");
    if (!list) return;
    var ids = changed;
    changed = new Set();
    var query = listQuery();
    if (ids !== null) query += "&cambiate=" + Array.from(ids).join(",");
    var asked = ++listAsked;
    fetch(S.listUrl + "?" + query, { headers: { "HX-Request": "true" }, credentials: "same-origin" })
      .then(function (r) { return r.ok ? r.text() : null; })
      .then(function (html) {
        if (!html) { changed = null; return; }
        if (asked < listShown) {
          if (ids === null) changed = null; else if (changed !== null) ids.forEach(function (id) { changed.add(id); });
          refreshList();
          return;
        }
        listShown = asked;
        list = $("#conversation-list") || list;
        var tpl = document.createElement("template");
        tpl.innerHTML = html.trim();
        var fresh = tpl.content.firstElementChild;
        if (fresh.id === "conversation-list") replaceList(list, fresh);
        else if (!keepingFocus(list, function () { return mergeList(list, fresh); })) { changed = null; refreshList(); return; }
        renderViewers();
        document.dispatchEvent(new CustomEvent("console:list-updated"));
      })
      .catch(function () { changed = null; });
  }, 1000);
  function refreshWholeList() { changed = null; refreshList(); }
  function refreshRows(conversation) {
    if (changed !== null && conversation) changed.add(String(conversation));
    refreshList();
  }

  /* ---- messages ---- */
  var scroller = $("#message-scroll");
  var messageList = $("#message-list");
  function nearBottom() { return !scroller || scroller.scrollHeight - scroller.scrollTop - scroller.clientHeight < 120; }
  function toBottom() { if (scroller) scroller.scrollTop = scroller.scrollHeight; }
  function lastId() {
    var ids = $all("#message-list > li[data-id]").map(function (li) { return Number(li.dataset.id); });
    return ids.length ? Math.max.apply(null, ids) : 0;
  }
  function merge(html) {
    if (!messageList) return;
    var stick = nearBottom();
    var tpl = document.createElement("template");
    tpl.innerHTML = html.trim();
    var added = 0, inbound = 0;
    Array.prototype.slice.call(tpl.content.children).forEach(function (li) {
      if (li.dataset.removed) { var gone = $("#msg-" + li.dataset.removed); if (gone) gone.remove(); return; }
      var existing = document.getElementById(li.id);
      if (existing) { existing.replaceWith(li); }
      else { messageList.appendChild(li); added++; if (li.dataset.direction === "in") inbound++; }
      if (window.htmx) window.htmx.process(li);
    });
    if (added) {
      if (stick) toBottom(); else $("#new-below").classList.remove("d-none");
      if (inbound) { announce(S.i18n.newMessage); markRead(); }
    }
  }
  var markRead = throttle(function () {
    if (!readUrl || document.visibilityState !== "visible") return;
    var body = new FormData();
    body.append("csrfmiddlewaretoken", csrf);
    fetch(readUrl, { method: "POST", body: body, credentials: "same-origin" });
  }, 1000);
  // Answers are merged in the order they were asked: a slow answer (a message as it was before its attachment
  // arrived) never replaces the newer one asked after it.
  var merging = Promise.resolve();
  function fetchMessages(query) {
    if (!messagesUrl) return;
    var answer = fetch(messagesUrl + query, { credentials: "same-origin" })
      .then(function (r) { return r.ok ? r.text() : ""; }, function () { return ""; });
    merging = merging.then(function () { return answer; }).then(merge).catch(function () {});
  }
  function loadNew() { fetchMessages("?after=" + lastId()); }
  function loadIds(ids) { fetchMessages("?ids=" + ids.join(",")); }

  /* ---- details (assignment, state, labels, notes) ---- */
  // detailsShown: the newest request whose state the box shows. An operator's own change in the box (an htmx
  // request from inside it) counts as one, so a refresh asked before it cannot put back what they just changed.
  var detailsAsked = 0, detailsShown = 0, detailsDue = false;
  function detailsBox() { return $("#conversation-details"); }
  function refreshDetails() {
    var box = detailsBox();
    if (!box || !detailsUrl) return;
    // Not under the operator's hands (a list open, a note being typed): once they leave the box.
    if (box.contains(document.activeElement)) { detailsDue = true; return; }
    detailsDue = false;
    var asked = ++detailsAsked;
    fetch(detailsUrl, { credentials: "same-origin", headers: { "HX-Request": "true" } })
      .then(function (r) { return r.ok ? r.text() : null; })
      .then(function (html) {
        var current = detailsBox();
        if (!html || !current || asked < detailsShown) return;
        detailsShown = asked;
        var tpl = document.createElement("template"); tpl.innerHTML = html.trim();
        var fresh = tpl.content.firstElementChild; current.replaceWith(fresh);
        if (window.htmx) window.htmx.process(fresh);
      })
      .catch(function () {});
  }
  function refreshDetailsIfDue() {
    var box = detailsBox();
    if (detailsDue && !(box && box.contains(document.activeElement))) refreshDetails();
  }
  // An operator's own request (a change in the details, new filters for the list) is newer than any refresh
  // asked before it.
  document.body.addEventListener("htmx:beforeRequest", function (e) {
    var box = detailsBox();
    if (box && box.contains(e.target)) detailsShown = ++detailsAsked;
    if (e.detail && e.detail.target && e.detail.target.id === "conversation-list") listShown = ++listAsked;
  });
  document.body.addEventListener("htmx:afterSettle", function () { setTimeout(refreshDetailsIfDue, 0); });
  document.addEventListener("focusout", function () { setTimeout(refreshDetailsIfDue, 0); });

  /* ---- presence ---- */
  function renderViewers() {
    var now = Date.now();
    var byConversation = {};
    Object.keys(viewers).forEach(function (key) {
      var v = viewers[key];
      if (now - v.at > 45000) { delete viewers[key]; return; }
      (byConversation[v.conversation] = byConversation[v.conversation] || []).push(v.name);
    });
    var here = $("#presence");
    if (here) {
      var names = byConversation[conversationId] || [];
      here.textContent = names.length ? names.join(", ") + " " + (names.length > 1 ? S.i18n.watchingMany : S.i18n.watching) : "";
    }
    $all("[data-viewers-for]").forEach(function (el) {
      var names = byConversation[el.dataset.viewersFor] || [];
      el.textContent = names.length ? "· " + names.join(", ") : "";
    });
  }
  function beat(left) {
    if (!presenceUrl) return;
    var body = new FormData();
    body.append("csrfmiddlewaretoken", csrf);
    if (left) { body.append("left", "1"); navigator.sendBeacon(presenceUrl, body); return; }
    fetch(presenceUrl, { method: "POST", body: body, credentials: "same-origin" });
  }

  /* ---- events ---- */
  var connectedOnce = false;
  function connect() {
    if (!window.EventSource) return;
    var source = new EventSource(S.eventsUrl);
    source.addEventListener("open", function () {
      document.body.dataset.live = "on";
      if (connectedOnce) { refreshWholeList(); if (conversationId) loadNew(); }
      connectedOnce = true;
    });
    source.addEventListener("error", function () { document.body.dataset.live = "off"; });
    function onMessage(e) {
      var d = JSON.parse(e.data);
      if (d.conversation === conversationId) {
        if (d.kind === "message.created") loadNew(); else loadIds([d.message]);
      }
      if (d.kind === "message.created") refreshRows(d.conversation);
    }
    ["message.created", "message.updated", "message.status"].forEach(function (k) { source.addEventListener(k, onMessage); });
    ["conversation.assigned", "conversation.state", "conversation.updated"].forEach(function (k) {
      source.addEventListener(k, function (e) {
        var d = JSON.parse(e.data);
        refreshRows(d.conversation);
        if (d.conversation === conversationId) refreshDetails();
      });
    });
    source.addEventListener("presence", function (e) {
      var d = JSON.parse(e.data);
      if (d.user === S.userId) return;
      var key = d.user + ":" + d.conversation;
      if (d.left) delete viewers[key]; else viewers[key] = { name: d.name, conversation: d.conversation, at: Date.now() };
      renderViewers();
    });
    window.SPORTELLO.source = source;
  }

  /* ---- composer ---- */
  document.body.addEventListener("console:sent", function () {
    loadNew(); refreshRows(conversationId);
    var text = $("#composer-text"); if (text) text.focus();
  });
  document.body.addEventListener("console:changed", function () { refreshWholeList(); });
  document.addEventListener("change", function (e) {
    var t = e.target;
    if (t.id === "composer-file") {
      var label = $("#composer-file-name");
      if (label) label.textContent = t.files.length ? S.i18n.attached + " " + t.files[0].name : "";
    }
    if (t.id === "canned-select" && t.value) {
      var base = t.dataset.cannedBase.replace(/0\/$/, t.value + "/");
      fetch(base, { credentials: "same-origin" }).then(function (r) { return r.json(); }).then(function (d) {
        var text = $("#composer-text");
        if (text) {
          var start = text.selectionStart || text.value.length;
          text.value = text.value.slice(0, start) + d.text + text.value.slice(text.selectionEnd || start);
          text.focus();
        }
        t.value = "";
      });
    }
  });
  document.addEventListener("keydown", function (e) {
    if (e.key === "Enter" && (e.ctrlKey || e.metaKey) && e.target.id === "composer-text") {
      e.preventDefault();
      var form = e.target.form; if (form) form.requestSubmit();
    }
  });
  function tickWindow() {
    var el = $(".window-left[data-closes-at]");
    if (!el) return;
    var left = new Date(el.dataset.closesAt).getTime() - Date.now();
    if (left <= 0) { window.location.reload(); return; }
    var h = Math.floor(left / 3600000), m = Math.floor((left % 3600000) / 60000);
    el.textContent = S.i18n.windowLeft + " " + (h ? h + " " + S.i18n.hours + " " : "") + m + " " + S.i18n.minutes + ".";
  }

  /* ---- images ---- */
  document.addEventListener("click", function (e) {
    var button = e.target.closest && e.target.closest(".msg-image");
    if (button) {
      var dialog = $("#image-viewer");
      var img = $("img", dialog);
      img.src = button.dataset.full;
      img.alt = ($("img", button) || {}).alt || "";
      dialog.showModal();
    }
    if (e.target.id === "new-below") { toBottom(); e.target.classList.add("d-none"); }
  });
  if (scroller) scroller.addEventListener("scroll", function () { if (nearBottom()) $("#new-below").classList.add("d-none"); });

  /* ---- keyboard shortcuts ---- */
  function typing(el) { return el && (el.isContentEditable || /^(INPUT|TEXTAREA|SELECT)$/.test(el.tagName)); }
  function moveInList(step) {
    var items = $all("#conversation-list .conv-item");
    if (!items.length) return;
    var index = items.indexOf(document.activeElement);
    if (index < 0) index = items.findIndex(function (a) { return a.classList.contains("active"); });
    var next = items[Math.min(items.length - 1, Math.max(0, index + step))];
    next.focus();
  }
  document.addEventListener("keydown", function (e) {
    var help = $("#shortcuts-help");
    if (e.key === "Escape" && typing(e.target)) { e.target.blur(); return; }
    if (typing(e.target) || e.ctrlKey || e.metaKey || e.altKey) return;
    if (document.querySelector("dialog[open]") && e.key !== "?") return;
    switch (e.key) {
      case "?": e.preventDefault(); if (help.open) help.close(); else help.showModal(); break;
      case "/": e.preventDefault(); var q = $("#inbox-q"); if (q) q.focus(); break;
      case "j": moveInList(1); break;
      case "k": moveInList(-1); break;
      case "r": var reply = $("#mode-reply"); if (reply) reply.checked = true; var t = $("#composer-text"); if (t) { e.preventDefault(); t.focus(); } break;
      case "n": var note = $("#mode-note"); if (note) note.checked = true; var tn = $("#composer-text"); if (tn) { e.preventDefault(); tn.focus(); } break;
      case "a": var me = $("#assign-me"); if (me) me.click(); break;
      case "c": var st = $("#toggle-state"); if (st) st.click(); break;
      case "Escape": if (conversationId) window.location.href = S.inboxUrl + (listQuery() ? "?" + new URLSearchParams(($("#conversation-list") || {dataset: {}}).dataset.querystring || "").toString() : ""); break;
    }
  });

  /* ---- start ---- */
  toBottom();
  connect();
  tickWindow(); setInterval(tickWindow, 30000);
  setInterval(renderViewers, 10000);
  setInterval(refreshWholeList, 60000);  // waiting times move on even when nothing happens
  if (conversationId) {
    beat(false); setInterval(function () { if (document.visibilityState === "visible") beat(false); }, 15000);
    window.addEventListener("pagehide", function () { beat(true); });
    document.addEventListener("visibilitychange", function () { if (document.visibilityState === "visible") { loadNew(); markRead(); } });
  }
})();
/* The panes fill the window below the header, whatever height Bootstrap Italia gives it at this width. */
(function () {
  function fit() {
    var layout = document.querySelector(".console-layout");
    if (layout) document.documentElement.style.setProperty("--console-top", Math.round(layout.getBoundingClientRect().top + window.scrollY) + "px");
  }
  fit();
  window.addEventListener("resize", fit);
})();
