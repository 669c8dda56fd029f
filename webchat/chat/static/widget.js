/* Web chat widget of the Sozialauskunft.
 * Security: all server-provided text is inserted via textContent / text nodes only,
 * links are built element by element. No HTML strings anywhere in this file. */
(function () {
  'use strict';

  const API_URL = '/api/chat';
  const HISTORY_URL = '/api/chat/verlauf';
  const RESTART_URL = '/api/chat/neu';
  const FEEDBACK_URL = '/api/chat/rueckmeldung';
  const CONTACT_URL = '/api/kontaktwunsch';
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
  let formCount = 0; // unique ids for the labels of repeated forms

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
    // Only http(s) links to websites; they open in a new tab without handing over this page.
    const website = str(service.website);
    if (/^https?:\/\/[^\s<>"']+$/i.test(website)) {
      const link = el('a', 'service-card__link', 'Website');
      link.href = website;
      link.rel = 'noopener noreferrer';
      link.target = '_blank';
      link.appendChild(el('span', 'visually-hidden', ' von ' + name + ' (öffnet in neuem Fenster)'));
      addDetail(details, 'Internet', link);
    }
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

  async function postJson(url, body) {
    try {
      const response = await fetch(url, {
        method: 'POST',
        headers: { 'Content-Type': 'application/json', Accept: 'application/json' },
        credentials: 'same-origin',
        body: JSON.stringify(body),
      });
      const data = await readJson(response);
      return { ok: response.ok, body: data && typeof data === 'object' ? data : {} };
    } catch (err) {
      return { ok: false, body: {} };
    }
  }

  // 👍/👎 under one answer, with an optional comment; sends the question and the services shown.
  function renderFeedback(question, serviceIds) {
    formCount += 1;
    const box = el('div', 'feedback');
    const group = el('div', 'feedback__choice');
    group.setAttribute('role', 'group');
    const labelId = 'feedback-label-' + formCount;
    const label = el('span', 'feedback__label', 'War diese Antwort hilfreich?');
    label.id = labelId;
    group.setAttribute('aria-labelledby', labelId);
    group.appendChild(label);
    const result = el('p', 'feedback__result');
    result.setAttribute('role', 'status');
    let helpful = null;
    const comment = el('form', 'feedback__comment');
    comment.hidden = true;
    const commentId = 'feedback-comment-' + formCount;
    const commentLabel = el('label', '', 'Möchten Sie uns mehr sagen? (freiwillig, bitte ohne persönliche Daten)');
    commentLabel.htmlFor = commentId;
    const commentInput = el('textarea', 'feedback__input');
    commentInput.id = commentId;
    commentInput.rows = 2;
    commentInput.maxLength = 1000;
    const commentSend = el('button', 'feedback__send', 'Kommentar senden');
    commentSend.type = 'submit';
    comment.appendChild(commentLabel);
    comment.appendChild(commentInput);
    comment.appendChild(commentSend);

    async function submit(text) {
      const answer = await postJson(FEEDBACK_URL, {
        helpful: helpful, question: question, service_ids: serviceIds, comment: text || null,
      });
      result.textContent = answer.ok ? (str(answer.body.message) || 'Danke!')
        : (str(answer.body.error) || 'Die Rückmeldung konnte nicht gesendet werden.');
      return answer.ok;
    }
    [['👍 Ja', true], ['👎 Nein', false]].forEach(([title, value]) => {
      const button = el('button', 'feedback__button', title);
      button.type = 'button';
      button.setAttribute('aria-pressed', 'false');
      button.addEventListener('click', async () => {
        if (helpful !== null) return;
        helpful = value;
        button.setAttribute('aria-pressed', 'true');
        group.querySelectorAll('button').forEach((b) => { b.disabled = true; });
        if (await submit(null)) {
          comment.hidden = false;
          commentInput.focus();
        }
      });
      group.appendChild(button);
    });
    comment.addEventListener('submit', async (event) => {
      event.preventDefault();
      const text = commentInput.value.trim();
      if (!text) return;
      if (await submit(text)) {
        comment.hidden = true;
        input.focus();
      }
    });
    box.appendChild(group);
    box.appendChild(comment);
    box.appendChild(result);
    return box;
  }

  // The contact request: nothing is required but a way to answer and the consent tick.
  function renderContactForm() {
    formCount += 1;
    const n = formCount;
    const form = el('form', 'contact-form');
    form.noValidate = true;
    form.appendChild(el('p', 'contact-form__purpose',
      'Zweck: Die Sozialauskunft meldet sich bei Ihnen. Wir speichern nur, was Sie hier eintragen, '
      + 'und löschen es nach kurzer Zeit. Mehr dazu auf der Seite Datenschutz.'));
    const fields = [
      ['name', 'Name (freiwillig)', 'input', 'name'],
      ['phone', 'Telefon', 'input', 'tel'],
      ['email', 'E-Mail', 'input', 'email'],
      ['message', 'Worum geht es? (freiwillig, kurz)', 'textarea', ''],
    ];
    const inputs = {};
    fields.forEach(([key, text, tag, auto]) => {
      const id = 'contact-' + key + '-' + n;
      const wrap = el('div', 'contact-form__field');
      const lab = el('label', '', text);
      lab.htmlFor = id;
      const field = el(tag, 'contact-form__input');
      field.id = id;
      if (tag === 'input') field.type = key === 'email' ? 'email' : (key === 'phone' ? 'tel' : 'text');
      if (auto) field.autocomplete = auto;
      field.maxLength = key === 'message' ? 1000 : 200;
      wrap.appendChild(lab);
      wrap.appendChild(field);
      form.appendChild(wrap);
      inputs[key] = field;
    });
    form.appendChild(el('p', 'contact-form__hint', 'Bitte geben Sie eine Telefonnummer oder eine E-Mail-Adresse an.'));
    const consentWrap = el('div', 'contact-form__consent');
    const consent = el('input');
    consent.type = 'checkbox';
    consent.id = 'contact-consent-' + n;
    const consentLabel = el('label', '',
      'Ich bin einverstanden, dass die Sozialauskunft meine Angaben speichert, um mich zu kontaktieren.');
    consentLabel.htmlFor = consent.id;
    consentWrap.appendChild(consent);
    consentWrap.appendChild(consentLabel);
    form.appendChild(consentWrap);
    const submitButton = el('button', 'contact-form__send', 'Kontaktwunsch senden');
    submitButton.type = 'submit';
    form.appendChild(submitButton);
    const result = el('p', 'contact-form__result');
    result.setAttribute('role', 'status');
    form.appendChild(result);
    form.addEventListener('submit', async (event) => {
      event.preventDefault();
      const body = { consent: consent.checked };
      Object.keys(inputs).forEach((key) => { body[key] = inputs[key].value.trim() || null; });
      submitButton.disabled = true;
      const answer = await postJson(CONTACT_URL, body);
      submitButton.disabled = false;
      result.textContent = answer.ok ? str(answer.body.message)
        : (str(answer.body.error) || 'Der Kontaktwunsch konnte nicht gesendet werden. Bitte rufen Sie an.');
      if (answer.ok) {
        Array.from(form.elements).forEach((element) => { element.disabled = true; });
      } else {
        const bad = answer.body.field === 'consent' ? consent : inputs[str(answer.body.field)];
        if (bad) bad.focus();
      }
    });
    return form;
  }

  // Returns the first new bubble so the caller can scroll to it.
  function renderBotMessages(messages) {
    let first = null;
    let last = null;
    messages.forEach((data) => {
      if (!data || typeof data !== 'object') return;
      const text = str(data.text);
      const custom = data.custom && typeof data.custom === 'object' ? data.custom : null;
      const card = custom && custom.type === 'service' && custom.service && typeof custom.service === 'object'
        ? renderServiceCard(custom.service) : null;
      const buttons = Array.isArray(data.buttons) ? renderButtons(data.buttons) : null;
      const contact = custom && custom.type === 'contact_request' ? renderContactForm() : null;
      if (!text && !card && !buttons && !contact) return;

      // A card shows everything its text says, so the text is only the fallback.
      const bubble = addMessage('bot', card ? '' : text, card ? 'msg--card' : '');
      if (card) bubble.appendChild(card);
      if (buttons) bubble.appendChild(buttons);
      if (contact) bubble.appendChild(contact);
      first = first || bubble;
      last = bubble;
    });
    return { first: first, last: last };
  }

  function shownServiceIds(messages) {
    return messages
      .map((data) => (data && data.custom && data.custom.service ? data.custom.service.id : null))
      .filter((id) => Number.isInteger(id));
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
        const shown = renderBotMessages(body.messages);
        newest = shown.first;
        // Every answer can be rated; the greeting is no answer.
        if (shown.last && !options.silent) shown.last.appendChild(renderFeedback(text, shownServiceIds(body.messages)));
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
    request(text, { focus: options.focus !== false, silent: Boolean(options.silent) });
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
