// The citizen's phone: pick a citizen, chat with the municipality, see ticks. Vanilla JS, no build step.
// URLs are relative to /sandbox/, so the page works wherever the sandbox is mounted.
"use strict";

const $ = (id) => document.getElementById(id);
const state = {
  number: "",          // phone_number_id of the municipality's number
  citizen: "",         // the citizen's business-scoped user id (kept out of URLs: no phone numbers in logs)
  version: null,       // conversation version last rendered
  messages: [],
  replyTo: null,       // {id, preview}
  recorder: null,
  played: new Set(),
  scrollToEnd: false,
};

const TYPE_LABELS = {
  image: "Foto", video: "Video", audio: "Audio", document: "Documento", sticker: "Sticker",
  location: "Posizione", contacts: "Contatti", reaction: "Reazione", template: "Modello",
};

// ---- API helpers ---------------------------------------------------------------------------------------
async function api(path, options = {}) {
  const response = await fetch(path, {
    headers: { "Content-Type": "application/json" },
    ...options,
    body: options.body === undefined ? undefined : JSON.stringify(options.body),
  });
  const data = await response.json().catch(() => ({}));
  if (!response.ok) throw new Error(data.error || `Errore HTTP ${response.status}`);
  return data;
}

function say(text) {
  $("status-line").textContent = text;
}

async function sendFromCitizen(fields) {
  if (!state.citizen) return;
  const body = { citizen: state.citizen, phone_number_id: state.number, ...fields };
  if (state.replyTo && !body.context) body.context = { message_id: state.replyTo.id };
  try {
    const result = await api("api/send", { method: "POST", body });
    clearReply();
    state.scrollToEnd = true; // show what was just sent, wherever the chat was scrolled
    if (result.webhook_status === 200) say("Messaggio consegnato a Sportello.");
    else if (result.webhook_status === null) say("Messaggio inviato, ma Sportello non ha risposto (nessun webhook configurato?).");
    else say(`Sportello ha risposto ${result.webhook_status}: il messaggio verrà ritentato.`);
    await refreshChat(true);
  } catch (error) {
    say(`Invio non riuscito: ${error.message}`);
  }
}

function fileToBase64(file) {
  return new Promise((resolve, reject) => {
    const reader = new FileReader();
    reader.onload = () => resolve(String(reader.result).split(",", 2)[1] || "");
    reader.onerror = () => reject(reader.error);
    reader.readAsDataURL(file);
  });
}

// ---- numbers and citizens ------------------------------------------------------------------------------
async function loadNumbers() {
  const data = await api("api/numbers");
  const select = $("number-select");
  select.replaceChildren(...data.numbers.map((n) => {
    const option = document.createElement("option");
    option.value = n.phone_number_id;
    option.textContent = `+${n.display_phone_number} (id ${n.phone_number_id})`;
    return option;
  }));
  state.number = select.value;
}

async function loadCitizens() {
  const query = $("citizen-search").value.trim();
  const data = await api(`api/citizens?limit=100&q=${encodeURIComponent(query)}`);
  const list = $("citizen-list");
  list.replaceChildren(...data.citizens.map((c) => {
    const item = document.createElement("li");
    const button = document.createElement("button");
    button.type = "button";
    button.className = "citizen";
    button.setAttribute("aria-current", c.user_id === state.citizen ? "true" : "false");
    const name = document.createElement("strong");
    name.textContent = c.name;
    const detail = document.createElement("span");
    detail.textContent = c.phone || `@${c.username} (senza numero)`;
    button.append(name, detail);
    if (c.undeliverable) {
      const flag = document.createElement("span");
      flag.className = "flag";
      flag.textContent = "non raggiungibile";
      button.append(flag);
    }
    button.addEventListener("click", () => openChat(c.user_id));
    item.append(button);
    return item;
  }));
}

async function createCitizen(event) {
  event.preventDefault();
  const kind = document.querySelector('input[name="kind"]:checked').value;
  const raw = kind === "phone" ? $("new-phone").value.trim() : $("new-username").value.trim();
  if (!raw) {
    say(kind === "phone" ? "Scrivi un numero di telefono." : "Scrivi un nome utente.");
    return;
  }
  const citizen = kind === "phone" ? raw : `@${raw.replace(/^@/, "")}`;
  try {
    const created = await api("api/citizens", {
      method: "POST",
      body: { citizen, name: $("new-name").value.trim() || undefined, undeliverable: $("new-undeliverable").checked },
    });
    $("new-citizen").reset();
    toggleKindFields();
    await loadCitizens();
    openChat(created.user_id);
  } catch (error) {
    say(`Cittadino non creato: ${error.message}`);
  }
}

function toggleKindFields() {
  const kind = document.querySelector('input[name="kind"]:checked').value;
  $("phone-field").hidden = kind !== "phone";
  $("username-field").hidden = kind !== "username";
}

function openChat(citizen) {
  state.citizen = citizen;
  state.version = null;
  state.messages = [];
  clearReply();
  $("messages").replaceChildren();
  for (const id of ["text-input", "send-button", "photo-input", "document-input", "record-button",
                    "audio-input", "location-button"]) {
    $(id).disabled = false;
  }
  document.querySelectorAll(".citizen").forEach((b) => b.setAttribute("aria-current", "false"));
  refreshChat(true);
  loadCitizens();
  $("text-input").focus();
}

// ---- chat rendering ------------------------------------------------------------------------------------
async function refreshChat(force = false) {
  if (!state.citizen) return;
  const params = new URLSearchParams({
    citizen: state.citizen,
    phone_number_id: state.number,
    viewing: document.visibilityState === "visible" ? "1" : "0",
  });
  if (!force && state.version !== null) params.set("version", state.version);
  let data;
  try {
    data = await api(`phone/chat?${params}`);
  } catch (error) {
    say(`Aggiornamento non riuscito: ${error.message}`);
    return;
  }
  $("typing").hidden = !data.typing;
  if (data.unchanged) return;
  state.version = data.version;
  state.messages = data.messages;
  const c = data.citizen;
  state.citizen = c.user_id; // a chat opened by phone number (?citizen=) continues by user id
  $("chat-title").textContent = c.name;
  $("chat-subtitle").textContent =
    `${c.phone || "@" + c.username + " (senza numero)"} · ID utente ${c.user_id} · Comune +${data.number.display_phone_number}`;
  renderMessages();
}

function renderMessages() {
  const list = $("messages");
  const nearBottom = list.scrollHeight - list.scrollTop - list.clientHeight < 80;
  const byId = new Map(state.messages.map((m) => [m.id, m]));
  list.replaceChildren(...state.messages.map((m) => renderMessage(m, byId)));
  if (nearBottom || state.scrollToEnd || list.dataset.rendered !== state.citizen) list.scrollTop = list.scrollHeight;
  state.scrollToEnd = false;
  list.dataset.rendered = state.citizen;
}

function el(tag, className, text) {
  const node = document.createElement(tag);
  if (className) node.className = className;
  if (text !== undefined && text !== null) node.textContent = text;
  return node;
}

function preview(m) {
  if (!m) return "messaggio";
  return m.text || (m.template && `Modello ${m.template.name}`) || TYPE_LABELS[m.type] || m.type;
}

function renderMessage(m, byId) {
  const mine = m.direction === "in"; // "in" = from the citizen to the municipality: the phone owner's bubble
  const item = el("li", `bubble ${mine ? "mine" : "theirs"}`);
  item.setAttribute("aria-label", mine ? "Messaggio inviato da te" : "Messaggio del Comune");

  if (m.context && m.context.message_id) {
    item.append(el("blockquote", "quote", preview(byId.get(m.context.message_id))));
  }
  if (m.context && (m.context.forwarded || m.context.frequently_forwarded)) {
    item.append(el("p", "forwarded", m.context.frequently_forwarded ? "↪↪ Inoltrato molte volte" : "↪ Inoltrato"));
  }
  renderBody(item, m);

  const meta = el("p", "meta");
  const time = new Date(m.timestamp * 1000);
  meta.append(el("time", "", time.toLocaleTimeString("it-IT", { hour: "2-digit", minute: "2-digit" })));
  meta.append(ticks(m));
  item.append(meta);
  if (m.error) item.append(el("p", "error", `Errore ${m.error.code}: ${m.error.title}`));
  if (mine && m.status === "failed") {
    item.append(el("p", "error", `Sportello ha risposto ${m.webhook_status ?? "nulla"}: il webhook viene ritentato.`));
  }

  const reply = el("button", "link", "Rispondi");
  reply.type = "button";
  reply.addEventListener("click", () => {
    state.replyTo = { id: m.id, preview: preview(m) };
    $("reply-preview").textContent = state.replyTo.preview;
    $("reply-bar").hidden = false;
    $("text-input").focus();
  });
  item.append(reply);
  return item;
}

function ticks(m) {
  const span = el("span", "ticks");
  const labels = {
    accepted: ["🕓", "in invio"], pending: ["🕓", "in invio"], sent: ["✓", "inviato"],
    delivered: ["✓✓", "consegnato"], read: ["✓✓", "letto"], played: ["✓✓", "ascoltato"], failed: ["!", "non riuscito"],
  };
  const [symbol, label] = labels[m.status] || ["", m.status];
  span.textContent = symbol;
  span.title = label;
  span.setAttribute("aria-label", label);
  span.classList.add(`status-${m.status}`);
  return span;
}

function mediaUrl(media) {
  return media.id ? `phone/media/${encodeURIComponent(media.id)}` : media.link;
}

function renderBody(item, m) {
  const media = m.media;
  switch (m.type) {
    case "image":
    case "sticker": {
      const img = el("img", m.type);
      img.src = mediaUrl(media);
      img.alt = m.text || (m.type === "sticker" ? "Sticker" : "Immagine");
      item.append(img);
      break;
    }
    case "video": {
      const video = el("video");
      video.controls = true;
      video.src = mediaUrl(media);
      item.append(video);
      break;
    }
    case "audio": {
      const audio = el("audio");
      audio.controls = true;
      audio.src = mediaUrl(media);
      audio.setAttribute("aria-label", media.voice ? "Nota vocale" : "Audio");
      if (m.direction === "out") {
        audio.addEventListener("play", () => {
          if (state.played.has(m.id)) return;
          state.played.add(m.id);
          api("phone/played", { method: "POST", body: { message_id: m.id } }).then(() => refreshChat(true));
        });
      }
      item.append(el("p", "label", media.voice ? "🎤 Nota vocale" : "🎵 Audio"), audio);
      break;
    }
    case "document": {
      const link = el("a", "document", `📄 ${media.filename || "documento"}`);
      link.href = mediaUrl(media);
      link.download = media.filename || "";
      item.append(link);
      break;
    }
    case "location": {
      const loc = m.location || (m.message && m.message.location) || {};
      const link = el("a", "", `📍 ${loc.name || "Posizione"}${loc.address ? " — " + loc.address : ""}`);
      link.href = `https://www.openstreetmap.org/?mlat=${loc.latitude}&mlon=${loc.longitude}#map=17/${loc.latitude}/${loc.longitude}`;
      link.target = "_blank";
      link.rel = "noopener";
      item.append(link, el("p", "small", `${loc.latitude}, ${loc.longitude}`));
      return;
    }
    case "contacts": {
      const contacts = m.contacts || [];
      const list = el("ul", "contacts");
      for (const c of contacts) {
        const phones = (c.phones || []).map((p) => p.phone).join(", ");
        list.append(el("li", "", `👤 ${(c.name && c.name.formatted_name) || "Contatto"} ${phones}`));
      }
      item.append(list);
      return;
    }
    case "reaction": {
      const r = m.reaction || {};
      item.append(el("p", "", r.emoji ? `Reazione ${r.emoji}` : "Reazione rimossa"));
      return;
    }
    case "template":
      renderTemplate(item, m);
      return;
    case "interactive":
      if (m.direction === "out") {
        renderInteractive(item, m);
        return;
      }
      break;
    default:
      break;
  }
  if (m.text) item.append(el("p", "text", m.text));
  else if (!["image", "sticker", "video", "audio", "document"].includes(m.type)) {
    item.append(el("pre", "raw", JSON.stringify(m.message || m.request, null, 1)));
  }
}

function renderInteractive(item, m) {
  if (m.header && m.header.type === "text") item.append(el("p", "header", m.header.text));
  if (m.text) item.append(el("p", "text", m.text));
  if (m.footer) item.append(el("p", "footer", m.footer));
  if (m.buttons) {
    const group = el("div", "choices");
    group.setAttribute("role", "group");
    group.setAttribute("aria-label", "Pulsanti di risposta");
    for (const b of m.buttons) {
      const button = el("button", "choice", b.title);
      button.type = "button";
      button.addEventListener("click", () =>
        sendFromCitizen({ type: "interactive", interactive: { type: "button_reply", id: b.id, title: b.title },
                          context: { message_id: m.id } }));
      group.append(button);
    }
    item.append(group);
  }
  if (m.list) {
    const details = el("details", "list");
    details.append(el("summary", "", `☰ ${m.list.button}`));
    for (const section of m.list.sections) {
      if (section.title) details.append(el("p", "section", section.title));
      for (const row of section.rows) {
        const button = el("button", "choice row");
        button.type = "button";
        button.append(el("strong", "", row.title));
        if (row.description) button.append(el("span", "", row.description));
        button.addEventListener("click", () =>
          sendFromCitizen({ type: "interactive",
                            interactive: { type: "list_reply", id: row.id, title: row.title, description: row.description },
                            context: { message_id: m.id } }));
        details.append(button);
      }
    }
    item.append(details);
  }
  if (m.cta_url) {
    const link = el("a", "choice", m.cta_url.display_text);
    link.href = m.cta_url.url;
    link.target = "_blank";
    link.rel = "noopener";
    item.append(link);
  }
}

function renderTemplate(item, m) {
  const t = m.template;
  item.append(el("p", "template-name", `Modello «${t.name}» (${t.language})`));
  if (t.header && (t.header.image || t.header.document)) {
    const media = t.header.image || t.header.document;
    if (media.link || media.id) {
      const img = el("img", "image");
      img.src = media.link || `phone/media/${encodeURIComponent(media.id)}`;
      img.alt = "Intestazione del modello";
      item.append(img);
    }
  }
  if (t.text) item.append(el("p", "text", t.text));
  else if (t.parameters.length) {
    const list = el("ol", "parameters");
    t.parameters.forEach((p) => list.append(el("li", "", p)));
    item.append(el("p", "small", "Parametri:"), list);
  }
  if (t.buttons.length) {
    const group = el("div", "choices");
    group.setAttribute("role", "group");
    group.setAttribute("aria-label", "Risposte rapide");
    for (const b of t.buttons) {
      const button = el("button", "choice", b.text);
      button.type = "button";
      button.addEventListener("click", () =>
        sendFromCitizen({ type: "button", button: { payload: b.payload, text: b.text }, context: { message_id: m.id } }));
      group.append(button);
    }
    item.append(group);
  }
}

function clearReply() {
  state.replyTo = null;
  $("reply-bar").hidden = true;
}

// ---- composing -----------------------------------------------------------------------------------------
async function sendText(event) {
  event.preventDefault();
  const input = $("text-input");
  const body = input.value.trim();
  if (!body) return;
  input.value = "";
  await sendFromCitizen({ type: "text", text: { body } });
  input.focus();
}

async function sendFile(input, type, extra = {}) {
  const file = input.files[0];
  input.value = "";
  if (!file) return;
  say("Invio del file…");
  const kind = type === "image" && file.type === "image/webp" ? "sticker" : type;
  // Whatever is typed in the message box travels as the caption, as in WhatsApp.
  const caption = ["image", "document", "video"].includes(kind) ? $("text-input").value.trim() : "";
  if (caption) {
    extra = { ...extra, caption };
    $("text-input").value = "";
  }
  await sendFromCitizen({
    type: kind,
    [kind]: {
      content_base64: await fileToBase64(file),
      mime_type: file.type || "application/octet-stream",
      filename: file.name,
      ...extra,
    },
  });
}

async function toggleRecording() {
  const button = $("record-button");
  if (state.recorder) {
    state.recorder.stop();
    return;
  }
  if (!navigator.mediaDevices || !window.MediaRecorder) {
    say("Questo browser non registra l'audio: usa «Audio da file».");
    return;
  }
  let stream;
  try {
    stream = await navigator.mediaDevices.getUserMedia({ audio: true });
  } catch (error) {
    say("Microfono non disponibile: usa «Audio da file».");
    return;
  }
  // WhatsApp voice notes are Ogg/Opus; browsers that cannot record it fall back to WebM/Opus.
  const mimeType = ["audio/ogg;codecs=opus", "audio/webm;codecs=opus"].find((t) => MediaRecorder.isTypeSupported(t));
  const recorder = new MediaRecorder(stream, mimeType ? { mimeType } : undefined);
  const chunks = [];
  recorder.ondataavailable = (e) => chunks.push(e.data);
  recorder.onstop = async () => {
    stream.getTracks().forEach((t) => t.stop());
    state.recorder = null;
    button.textContent = "🎤 Nota vocale";
    button.setAttribute("aria-pressed", "false");
    const blob = new Blob(chunks, { type: recorder.mimeType || "audio/ogg" });
    await sendFromCitizen({
      type: "audio",
      audio: { content_base64: await fileToBase64(blob), mime_type: blob.type.replace(";", "; "), voice: true },
    });
  };
  recorder.start();
  state.recorder = recorder;
  button.textContent = "⏹ Ferma e invia";
  button.setAttribute("aria-pressed", "true");
  say("Registrazione in corso…");
}

function toggleLocationForm() {
  const form = $("location-form");
  form.hidden = !form.hidden;
  $("location-button").setAttribute("aria-expanded", String(!form.hidden));
  if (!form.hidden) $("location-preset").focus();
}

function applyPreset() {
  const value = $("location-preset").value;
  if (!value) return;
  const [lat, lng, name, ...address] = value.split(",");
  $("location-lat").value = lat;
  $("location-lng").value = lng;
  $("location-name").value = name;
  $("location-address").value = address.join(",").trim();
}

async function sendLocation(event) {
  event.preventDefault();
  const location = {
    latitude: Number($("location-lat").value),
    longitude: Number($("location-lng").value),
  };
  if ($("location-name").value.trim()) location.name = $("location-name").value.trim();
  if ($("location-address").value.trim()) location.address = $("location-address").value.trim();
  await sendFromCitizen({ type: "location", location });
  toggleLocationForm();
}

// ---- start ---------------------------------------------------------------------------------------------
document.addEventListener("DOMContentLoaded", async () => {
  $("new-citizen").addEventListener("submit", createCitizen);
  document.querySelectorAll('input[name="kind"]').forEach((r) => r.addEventListener("change", toggleKindFields));
  $("citizen-search").addEventListener("input", () => loadCitizens());
  $("number-select").addEventListener("change", (e) => {
    state.number = e.target.value;
    if (state.citizen) openChat(state.citizen);
  });
  $("composer").addEventListener("submit", sendText);
  $("text-input").addEventListener("keydown", (e) => {
    if (e.key === "Enter" && !e.shiftKey) sendText(e);
  });
  $("reply-cancel").addEventListener("click", clearReply);
  $("photo-input").addEventListener("change", (e) => sendFile(e.target, "image"));
  $("document-input").addEventListener("change", (e) => sendFile(e.target, "document"));
  $("audio-input").addEventListener("change", (e) =>
    sendFile(e.target, "audio", { voice: $("audio-as-voice").checked }));
  $("record-button").addEventListener("click", toggleRecording);
  $("location-button").addEventListener("click", toggleLocationForm);
  $("location-preset").addEventListener("change", applyPreset);
  $("location-form").addEventListener("submit", sendLocation);
  document.addEventListener("visibilitychange", () => refreshChat());

  try {
    await loadNumbers();
    await loadCitizens();
    // /sandbox/?citizen=%2B39...&number=... opens a chat directly (links from demos and scripts).
    const params = new URLSearchParams(location.search);
    if (params.get("number")) {
      $("number-select").value = params.get("number");
      state.number = $("number-select").value;
    }
    if (params.get("citizen")) openChat(params.get("citizen"));
  } catch (error) {
    say(`Sandbox non raggiungibile: ${error.message}`);
  }
  setInterval(() => refreshChat(), 1000);
  setInterval(() => { if (!$("citizen-search").value) loadCitizens(); }, 5000);
});
