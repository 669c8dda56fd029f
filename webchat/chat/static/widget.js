/* Web chat widget of the Sozialauskunft.
 * Security: all server-provided text is inserted via textContent / text nodes only,
 * links are built element by element. No HTML strings anywhere in this file. */
(function () {
  'use strict';

  const API_URL = '/api/chat';
  const HISTORY_URL = '/api/chat/verlauf';
  const RESTART_URL = '/api/chat/neu';
  const REQUEST_TIMEOUT_MS = 30000;
  // Deliberately simple: good enough to avoid building mailto: links from garbage.
  const EMAIL_RE = /^[^\s@<>()[\]\\,;:"']+@[A-Za-z0-9-]+(\.[A-Za-z0-9-]+)*\.[A-Za-z]{2,}$/;

  const root = document.getElementById('chat');
  const log = document.getElementById('chat-log');
  const form = document.getElementById('chat-form');
  const input = document.getElementById('chat-input');
  const sendButton = document.getElementById('chat-send');
  const status = document.getElementById('chat-status');
  const counter = document.getElementById('chat-counter');
  const restartButton = document.getElementById('chat-restart');
  if (!root || !log || !form || !input || !sendButton || !status) return;

  const maxLength = parseInt(root.dataset.maxLength, 10) || 500;
  const infoPhone = root.dataset.infoPhone || '';
  let busy = false;

  /* ---------- small helpers ---------- */

  // Server data is untrusted: accept only plain strings/numbers as displayable text.
  function str(value) {
    if (typeof value === 'string') return value.trim();
    if (typeof value === 'number' && Number.isFinite(value)) return String(value);
    return '';
  }

  function el(tag, className, text) {
    const node = document.createElement(tag);
    if (className) node.className = className;
    if (text) node.textContent = text;
    return node;
  }

  function setStatus(text) {
    status.textContent = text || '';
  }

  function setBusy(on) {
    busy = on;
    sendButton.disabled = on;
    // aria-busy lets screen readers announce a multi-part answer in one go.
    log.setAttribute('aria-busy', on ? 'true' : 'false');
  }

  // Show the start of the newest message (long answers stay readable from the top).
  function scrollToMessage(message) {
    if (!message) return;
    log.scrollTop = Math.max(0, message.offsetTop - 8);
  }

  // tel: link with digits only (leading "+" kept), plain text if nothing dialable remains.
  function phoneNode(phone) {
    const text = str(phone);
    const digits = text.replace(/\D/g, '');
    if (digits.length < 3) return document.createTextNode(text);
    const link = el('a', '', text);
    link.href = 'tel:' + (text.startsWith('+') ? '+' : '') + digits;
    return link;
  }

  function emailNode(email) {
    const text = str(email);
    if (!EMAIL_RE.test(text)) return document.createTextNode(text);
    const link = el('a', '', text);
    link.href = 'mailto:' + text;
    return link;
  }

  /* ---------- rendering ---------- */

  // role: 'user' | 'bot'; the hidden prefix tells screen-reader users who is speaking.
  function addMessage(role, text, extraClass) {
    const message = el('div', 'msg msg--' + role + (extraClass ? ' ' + extraClass : ''));
    message.appendChild(el('span', 'visually-hidden', role === 'user' ? 'Sie: ' : 'Assistent: '));
    if (text) message.appendChild(el('p', 'msg__text', text));
    log.appendChild(message);
    return message;
  }

  function addDetail(list, label, valueNode) {
    list.appendChild(el('dt', '', label));
    const dd = el('dd');
    dd.appendChild(valueNode);
    list.appendChild(dd);
  }

  function renderServiceCard(service) {
    const card = el('article', 'service-card');
    if (str(service.id)) card.dataset.serviceId = str(service.id);

    const name = str(service.name) || 'Angebot';
    const position = str(service.position);
    card.appendChild(el('h3', 'service-card__title', position ? position + '. ' + name : name));

    const meta = [str(service.category), str(service.district)].filter(Boolean).join(' · ');
    if (meta) card.appendChild(el('p', 'service-card__meta', meta));

    // Text instead of colour alone, so the state is perceivable for everyone.
    if (service.open_now === true || service.open_now === false) {
      const open = service.open_now === true;
      // e.g. "geöffnet bis 12:00" or "geschlossen: Feiertag (…), öffnet morgen um 09:00"
      const opening = str(service.opening);
      const text = opening ? opening.charAt(0).toUpperCase() + opening.slice(1)
        : (open ? 'Jetzt geöffnet' : 'Derzeit geschlossen');
      card.appendChild(el('p', 'service-card__open ' + (open ? 'is-open' : 'is-closed'), text));
    }
    // The editors' current notice, e.g. "Am 24.12. geschlossen".
    if (str(service.alert)) card.appendChild(el('p', 'service-card__alert', 'Hinweis: ' + str(service.alert)));

    const details = el('dl', 'service-card__details');
    if (str(service.address)) addDetail(details, 'Adresse', document.createTextNode(str(service.address)));
    const hours = (Array.isArray(service.hours) ? service.hours : [service.hours]).map(str).filter(Boolean);
    if (hours.length) {
      const list = el('ul', 'service-card__hours');
      hours.forEach((line) => list.appendChild(el('li', '', line)));
      addDetail(details, 'Öffnungszeiten', list);
    }
    if (str(service.phone)) addDetail(details, 'Telefon', phoneNode(service.phone));
    if (str(service.email)) addDetail(details, 'E-Mail', emailNode(service.email));
    if (str(service.costs)) addDetail(details, 'Kosten', document.createTextNode(str(service.costs)));
    if (details.childNodes.length) card.appendChild(details);
    // When an editor last checked the entry; a warning when that was over a year ago or never.
    if (str(service.freshness)) card.appendChild(el('p', 'service-card__freshness', str(service.freshness)));

    // Only a plain list number is sent back; anything else gets no button.
    if (/^\d{1,3}$/.test(position)) {
      const button = el('button', 'service-card__more', 'Details');
      button.type = 'button';
      // Hidden suffix makes several "Details" buttons distinguishable for screen readers.
      button.appendChild(el('span', 'visually-hidden', ' zu ' + name));
      button.addEventListener('click', () => {
        send('Details zur Nummer ' + position);
      });
      card.appendChild(button);
    }
    return card;
  }

  function renderButtons(buttons) {
    const group = el('div', 'msg__buttons');
    group.setAttribute('role', 'group');
    group.setAttribute('aria-label', 'Antwortvorschläge');
    buttons.forEach((item) => {
      if (!item || typeof item !== 'object') return;
      const title = str(item.title) || str(item.payload);
      const payload = str(item.payload) || title;
      if (!title) return;
      const button = el('button', 'msg__button', title);
      button.type = 'button';
      button.addEventListener('click', () => send(payload, { display: title }));
      group.appendChild(button);
    });
    return group.childNodes.length ? group : null;
  }

  // Returns the first new bubble so the caller can scroll to it.
  function renderBotMessages(messages) {
    let first = null;
    messages.forEach((data) => {
      if (!data || typeof data !== 'object') return;
      const text = str(data.text);
      const custom = data.custom && typeof data.custom === 'object' ? data.custom : null;
      const card = custom && custom.type === 'service' && custom.service && typeof custom.service === 'object'
        ? renderServiceCard(custom.service) : null;
      const buttons = Array.isArray(data.buttons) ? renderButtons(data.buttons) : null;
      if (!text && !card && !buttons) return;

      // A card shows everything its text says, so the text is only the fallback.
      const bubble = addMessage('bot', card ? '' : text, card ? 'msg--card' : '');
      if (card) bubble.appendChild(card);
      if (buttons) bubble.appendChild(buttons);
      first = first || bubble;
    });
    return first;
  }

  function renderUnavailable(phone) {
    const bubble = addMessage('bot', '', 'msg--error');
    const text = el('p', 'msg__text', 'Der Assistent ist gerade nicht erreichbar. ');
    const number = str(phone) || infoPhone;
    if (number) {
      text.appendChild(document.createTextNode('Bitte rufen Sie die Sozialauskunft an: '));
      text.appendChild(phoneNode(number));
    } else {
      text.appendChild(document.createTextNode('Bitte versuchen Sie es später noch einmal.'));
    }
    bubble.appendChild(text);
    return bubble;
  }

  /* ---------- network ---------- */

  async function readJson(response) {
    try {
      return await response.json();
    } catch (err) {
      return null; // e.g. an HTML error page from a proxy
    }
  }

  async function request(text, options) {
    setBusy(true);
    setStatus('Der Assistent schreibt …');
    const controller = new AbortController();
    const timer = setTimeout(() => controller.abort(), REQUEST_TIMEOUT_MS);
    let newest = null;
    let statusText = '';
    try {
      const response = await fetch(API_URL, {
        method: 'POST',
        headers: { 'Content-Type': 'application/json', Accept: 'application/json' },
        credentials: 'same-origin',
        body: JSON.stringify({ message: text }),
        signal: controller.signal,
      });
      const data = await readJson(response);
      const body = data && typeof data === 'object' ? data : {};
      if (response.ok && Array.isArray(body.messages)) {
        newest = renderBotMessages(body.messages);
      } else if (response.status === 503 || (response.status >= 500 && !str(body.error))) {
        newest = renderUnavailable(body.info_phone);
      } else {
        newest = addMessage('bot', str(body.error)
          || 'Ihre Nachricht konnte nicht verarbeitet werden. Bitte versuchen Sie es noch einmal.',
        'msg--error');
      }
    } catch (err) {
      // Network failure or timeout: the server is out of reach, point to the phone.
      newest = renderUnavailable('');
      statusText = 'Keine Verbindung zum Assistenten.';
    } finally {
      clearTimeout(timer);
      setBusy(false);
      setStatus(statusText);
      scrollToMessage(newest);
      if (options.focus) input.focus();
    }
  }

  // Validates synchronously and starts the request; returns false if nothing was sent.
  function send(rawText, options = {}) {
    if (busy) return false; // one request at a time keeps the conversation in order
    const text = String(rawText || '').trim();
    if (!text) {
      setStatus('Bitte geben Sie eine Frage ein.');
      return false;
    }
    if (text.length > maxLength) {
      setStatus('Ihre Nachricht ist zu lang (höchstens ' + maxLength + ' Zeichen).');
      return false;
    }
    if (!options.silent) scrollToMessage(addMessage('user', options.display || text));
    request(text, { focus: options.focus !== false });
    return true;
  }

  /* ---------- input handling ---------- */

  function updateCounter() {
    if (!counter) return;
    const length = input.value.length;
    counter.textContent = length + ' / ' + maxLength;
    counter.classList.toggle('is-near', length >= maxLength * 0.9);
  }

  function submitInput() {
    if (send(input.value)) {
      input.value = '';
      updateCounter();
    }
  }

  form.addEventListener('submit', (event) => {
    event.preventDefault();
    submitInput();
  });

  input.addEventListener('keydown', (event) => {
    // Enter sends, Shift+Enter adds a line; never interrupt IME composition.
    if (event.key === 'Enter' && !event.shiftKey && !event.isComposing) {
      event.preventDefault();
      submitInput();
    }
  });

  input.addEventListener('input', () => {
    updateCounter();
    if (!busy) setStatus(''); // an old validation hint no longer applies
  });

  /* ---------- the conversation survives a reload ---------- */

  function greet() {
    // Sent silently, and without moving focus so the page is read from the top.
    send('/greet', { silent: true, focus: false });
  }

  async function restoreOrGreet() {
    let messages = [];
    try {
      const response = await fetch(HISTORY_URL, { credentials: 'same-origin', headers: { Accept: 'application/json' } });
      const body = await readJson(response);
      if (response.ok && body && Array.isArray(body.messages)) messages = body.messages;
    } catch (err) {
      messages = [];
    }
    if (!messages.length) {
      greet();
      return;
    }
    messages.forEach((message) => {
      if (!message || typeof message !== 'object') return;
      if (message.role === 'user') addMessage('user', str(message.text));
      else renderBotMessages([message]);
    });
    log.scrollTop = log.scrollHeight;
    setStatus('Ihr bisheriges Gespräch wird wieder angezeigt.');
  }

  if (restartButton) {
    restartButton.addEventListener('click', async () => {
      if (busy) return;
      try {
        await fetch(RESTART_URL, { method: 'POST', credentials: 'same-origin' });
      } catch (err) {
        // Without the server the next message still starts over once the cookie expires.
      }
      log.textContent = '';
      setStatus('Ein neues Gespräch beginnt.');
      greet();
      input.focus();
    });
  }

  updateCounter();
  restoreOrGreet();
})();
