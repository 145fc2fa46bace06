// The Telegram tab of the sandbox phone: a Telegram user chats with the municipality's bot. Vanilla JS.
// URLs are relative to /sandbox/telegram/.
"use strict";

const $ = (id) => document.getElementById(id);
const state = { bot: "", user: "", version: null, messages: [], replyTo: null };
const API = "../api/telegram/";

async function api(path, options = {}) {
  const response = await fetch(API + path, {
    headers: { "Content-Type": "application/json" },
    ...options,
    body: options.body === undefined ? undefined : JSON.stringify(options.body),
  });
  const data = await response.json().catch(() => ({}));
  if (!response.ok) throw new Error(data.error || `Errore HTTP ${response.status}`);
  return data;
}

function say(text) { $("status-line").textContent = text; }

function el(tag, className, text) {
  const node = document.createElement(tag);
  if (className) node.className = className;
  if (text !== undefined && text !== null) node.textContent = text;
  return node;
}

function reportDelivery(result) {
  if (result.webhook_status === 200) say("Update consegnato a Sportello.");
  else if (result.webhook_status === null) say("Update in coda: nessun webhook impostato (setWebhook) o webhook in errore.");
  else say(`Sportello ha risposto ${result.webhook_status}: l'update verrà ritentato.`);
}

async function send(fields) {
  if (!state.user) return;
  const body = { user: state.user, bot: state.bot, ...fields };
  if (state.replyTo) body.reply_to = state.replyTo;
  try {
    const result = await api("send", { method: "POST", body });
    clearReply();
    reportDelivery(result);
    await refreshChat(true);
  } catch (error) {
    say(`Invio non riuscito: ${error.message}`);
  }
}

function clearReply() {
  state.replyTo = null;
  $("reply-bar").hidden = true;
}

function fileToBase64(file) {
  return new Promise((resolve, reject) => {
    const reader = new FileReader();
    reader.onload = () => resolve(String(reader.result).split(",", 2)[1] || "");
    reader.onerror = () => reject(reader.error);
    reader.readAsDataURL(file);
  });
}

async function loadBots() {
  const data = await api("bots");
  $("bot-select").replaceChildren(...data.bots.map((b) => {
    const option = el("option", "", `@${b.username} (id ${b.id})`);
    option.value = String(b.id);
    return option;
  }));
  state.bot = $("bot-select").value;
  const bot = data.bots.find((b) => String(b.id) === state.bot);
  $("bot-webhook").textContent = bot && bot.webhook_url
    ? "Webhook impostato: gli update arrivano a Sportello."
    : "Nessun webhook impostato: Sportello non ha ancora chiamato setWebhook.";
}

async function loadUsers() {
  const data = await api("users");
  $("user-list").replaceChildren(...data.users.map((u) => {
    const item = el("li");
    const button = el("button", "citizen");
    button.type = "button";
    button.append(el("strong", "", [u.first_name, u.last_name].filter(Boolean).join(" ")));
    button.append(el("span", "", u.username ? ` @${u.username}` : ` id ${u.id}`));
    if (String(u.id) === state.user) button.setAttribute("aria-current", "true");
    button.addEventListener("click", () => openChat(String(u.id)));
    item.append(button);
    return item;
  }));
}

async function openChat(userId) {
  state.user = userId;
  state.version = null;
  clearReply();
  for (const id of ["text-input", "send-button", "photo-input", "document-input", "voice-input", "video-input",
    "location-button", "stop-button"]) $(id).disabled = false;
  await refreshChat(true);
  await loadUsers();
  $("text-input").focus();
}

async function refreshChat(force = false) {
  if (!state.user) return;
  const version = force || state.version === null ? "" : `&version=${state.version}`;
  const data = await api(`chat?user=${encodeURIComponent(state.user)}&bot=${encodeURIComponent(state.bot)}${version}`);
  if (data.unchanged) return;
  state.version = data.version;
  state.messages = data.messages;
  $("chat-title").textContent = `@${data.bot.username}`;
  $("chat-subtitle").textContent = `Tu sei ${[data.user.first_name, data.user.last_name].filter(Boolean).join(" ")}`;
  render();
}

function preview(m) {
  return m ? (m.text || m.type) : "messaggio";
}

function render() {
  const list = $("messages");
  const byId = new Map(state.messages.map((m) => [m.message_id, m]));
  list.replaceChildren(...state.messages.map((m) => {
    const mine = !m.from_bot;
    const item = el("li", `bubble ${mine ? "mine" : "theirs"}`);
    item.setAttribute("aria-label", mine ? "Messaggio inviato da te" : "Messaggio del bot del Comune");
    if (m.reply_to) item.append(el("blockquote", "quote", preview(byId.get(m.reply_to))));
    if (m.file) {
      if (m.type === "photo" || m.type === "sticker") {
        const img = el("img", m.type === "sticker" ? "sticker" : "image");
        img.src = m.file.url;
        img.alt = m.text || "Foto";
        item.append(img);
      } else if (m.type === "voice" || m.type === "audio") {
        const audio = el("audio");
        audio.controls = true;
        audio.src = m.file.url;
        item.append(audio);
      } else if (m.type === "video") {
        const video = el("video");
        video.controls = true;
        video.src = m.file.url;
        item.append(video);
      } else {
        const link = el("a", "document", `📄 ${m.file.file_name || "documento"}`);
        link.href = m.file.url;
        item.append(link);
      }
    }
    if (m.venue) item.append(el("p", "", `📍 ${m.venue.title} — ${m.venue.address}`));
    else if (m.location) item.append(el("p", "", `📍 ${m.location.latitude}, ${m.location.longitude}`));
    if (m.contact) item.append(el("p", "", `👤 ${m.contact.first_name} ${m.contact.phone_number}`));
    if (m.text) item.append(el("p", "text", m.text));
    if (m.buttons) {
      const keyboard = el("div", "keyboard");
      for (const row of m.buttons) {
        for (const b of row) {
          const button = el("button", (m.taps || []).includes(b.data) ? "tapped" : "", b.text);
          button.type = "button";
          button.addEventListener("click", () => tap(m.message_id, b.data));
          keyboard.append(button);
        }
      }
      item.append(keyboard);
    }
    const meta = el("p", "meta");
    meta.append(el("time", "", new Date(m.date * 1000).toLocaleTimeString("it-IT", { hour: "2-digit", minute: "2-digit" })));
    if (m.edited) meta.append(el("span", "", "modificato"));
    item.append(meta);
    const reply = el("button", "link", "Rispondi");
    reply.type = "button";
    reply.addEventListener("click", () => {
      state.replyTo = m.message_id;
      $("reply-preview").textContent = preview(m);
      $("reply-bar").hidden = false;
      $("text-input").focus();
    });
    item.append(reply);
    return item;
  }));
  list.scrollTop = list.scrollHeight;
}

async function tap(messageId, data) {
  try {
    const result = await api("tap", { method: "POST", body: { user: state.user, bot: state.bot, message_id: messageId, data } });
    reportDelivery(result);
    await refreshChat(true);
  } catch (error) {
    say(`Tocco non riuscito: ${error.message}`);
  }
}

function wireFile(inputId, type) {
  $(inputId).addEventListener("change", async (event) => {
    const file = event.target.files[0];
    event.target.value = "";
    if (!file) return;
    const caption = $("text-input").value.trim();
    $("text-input").value = "";
    await send({ type, content_base64: await fileToBase64(file), mime_type: file.type, filename: file.name,
      ...(caption ? { caption } : {}) });
  });
}

document.addEventListener("DOMContentLoaded", async () => {
  $("composer").addEventListener("submit", async (event) => {
    event.preventDefault();
    const text = $("text-input").value.trim();
    if (!text) return;
    $("text-input").value = "";
    await send({ type: "text", text });
  });
  $("text-input").addEventListener("keydown", (event) => {
    if (event.key === "Enter" && !event.shiftKey) {
      event.preventDefault();
      $("composer").requestSubmit();
    }
  });
  $("reply-cancel").addEventListener("click", clearReply);
  $("stop-button").addEventListener("click", () => send({ type: "text", text: "/stop" }));
  $("location-button").addEventListener("click", () =>
    send({ type: "venue", latitude: 41.8933, longitude: 12.4829, title: "Campidoglio", address: "Piazza del Campidoglio 1, Roma" }));
  wireFile("photo-input", "photo");
  wireFile("document-input", "document");
  wireFile("voice-input", "voice");
  wireFile("video-input", "video");
  $("bot-select").addEventListener("change", () => { state.bot = $("bot-select").value; state.version = null; refreshChat(true); });
  $("new-user").addEventListener("submit", async (event) => {
    event.preventDefault();
    const name = $("new-name").value.trim();
    const username = $("new-username").value.trim().replace(/^@/, "");
    if (!name) return;
    try {
      // Opening a bot in Telegram sends /start; the user's numeric id is made up by the sandbox.
      const result = await api("send", { method: "POST", body: { user: username ? `@${username}` : name, name, username, bot: state.bot, type: "text", text: "/start" } });
      reportDelivery(result);
      $("new-name").value = "";
      $("new-username").value = "";
      await openChat(String(result.chat_id));
    } catch (error) {
      say(`Creazione non riuscita: ${error.message}`);
    }
  });
  try {
    await loadBots();
    await loadUsers();
  } catch (error) {
    say(`Sandbox non raggiungibile: ${error.message}`);
  }
  setInterval(() => refreshChat().catch(() => {}), 1000);
  setInterval(() => loadBots().catch(() => {}), 5000);
});
