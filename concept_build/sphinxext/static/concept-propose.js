/* Propose an amendment from any provision of the working draft (see proposals.py).

   A button beside each provision's number opens a form; the proposals are kept in this browser
   (localStorage) until the delegate removes them, and leave it only as the delegate chooses: a
   file downloaded in the format the secretariat's intake reads (common/submissions.py), an
   e-mail the delegate's own mail program writes, or a sheet printed for signature. Nothing is
   sent anywhere by this script. Everything is built with elements and text, never with markup. */
(function () {
  'use strict';
  var data = window.conceptProposals, redline = window.conceptRedline;
  if (!data || !redline) return;
  var words = data.words;

  var STORE = 'concept-proposals', WHO = 'concept-proposer';
  /* The limits of common/submissions.py: a longer text or a longer list is refused there. */
  var MAX_TEXT = 20000, MAX_PROPOSALS = 500;
  /* Mail programs and systems cut longer mailto: addresses. */
  var MAIL_LIMIT = 1900, SUMMARY = 200;
  var KINDS = ['substitution', 'insertion', 'repeal', 'comment'];
  var OTHER = ':other';
  /* Python's whitespace, which the store and the intake collapse: the digest of a text must be
     the digest of the same characters on both sides. */
  var SPACE = '\\t\\n\\v\\f\\r\\x1c-\\x1f \\x85\\xa0\\u1680\\u2000-\\u200a\\u2028\\u2029\\u202f\\u205f\\u3000';
  var SPACES = new RegExp('[' + SPACE + ']+');
  /* What the text's sources would read as markup (submissions.MARKUP), and an e-mail address
     (submissions.EMAIL). */
  var MARKUP = /:::|`|\{[\p{L}\p{N}_:-]+\}/u;
  var EMAIL = new RegExp('^[^@' + SPACE + ']+@[^@' + SPACE + ']+\\.[^@' + SPACE + ']+$');
  /* What is not the provision's text: its number, its history link, the amendment markers, our button. */
  var EXTRAS = '.provision-number, .provision-history, .amendment-marker, .propose-amendment, .translation-pending-label';
  var BLOCK = /^(P|DIV|LI|UL|OL|DL|DT|DD|BLOCKQUOTE|TABLE|TR|TD|TH|PRE|FIGURE|FIGCAPTION|SECTION|H[1-6])$/;

  function say(name, values) {
    return String(words[name] || name).replace(/\{(\w+)\}/g, function (whole, field) {
      return values && Object.prototype.hasOwnProperty.call(values, field) ? String(values[field]) : whole;
    });
  }

  function collapse(text) {
    return String(text || '').split(SPACES).filter(Boolean).join(' ');
  }

  /* A text as typed, made safe to keep and to write: no lone surrogates, no control characters
     (whitespace aside), whitespace collapsed as the intake collapses it. */
  function clean(text) {
    var typed = String(text || ''), out = '';
    for (var i = 0; i < typed.length; i++) {
      var unit = typed.charCodeAt(i);
      if (unit >= 0xd800 && unit <= 0xdbff && (typed.charCodeAt(i + 1) & 0xfc00) === 0xdc00) {
        out += typed.slice(i, i + 2);
        i++;
      } else {
        out += unit >= 0xd800 && unit <= 0xdfff ? '\ufffd' : typed[i];
      }
    }
    return collapse(out.replace(/[\x00-\x08\x0e-\x1b\x7f-\x84\x86-\x9f]/g, ''));
  }

  function length(text) { return Array.from(text).length; }

  function shorten(text, most) {
    var characters = Array.from(text);
    return characters.length > most ? characters.slice(0, most).join('').replace(/\s+$/, '') + '…' : text;
  }

  function today() {
    var now = new Date();
    return now.getFullYear() + '-' + ('0' + (now.getMonth() + 1)).slice(-2) + '-' + ('0' + now.getDate()).slice(-2);
  }

  function element(name, className, text) {
    var made = document.createElement(name);
    if (className) made.className = className;
    if (text !== undefined && text !== null) made.textContent = text;
    return made;
  }

  /* The provision's text as a reader sees it: as the store's plain(bare(node)) has it. */
  function currentText(provision) {
    var pieces = [];
    (function walk(node) {
      if (node.nodeType === 3) { pieces.push(node.data); return; }
      if (node.nodeType !== 1 || node.matches(EXTRAS)) return;
      // A marker is wrapped in its link to the register: the link goes with it.
      if (node.childNodes.length === 1 && node.firstChild.nodeType === 1 && node.firstChild.matches('.amendment-marker')) return;
      var block = BLOCK.test(node.tagName);
      if (block) pieces.push(' ');
      for (var child = node.firstChild; child; child = child.nextSibling) walk(child);
      if (block) pieces.push(' ');
    })(provision);
    return collapse(pieces.join(''));
  }

  /* SHA-256, as hashlib computes it, of the text's UTF-8: crypto.subtle is missing where the
     site is served over plain http from another host than localhost. */
  var K = [
    0x428a2f98, 0x71374491, 0xb5c0fbcf, 0xe9b5dba5, 0x3956c25b, 0x59f111f1, 0x923f82a4, 0xab1c5ed5,
    0xd807aa98, 0x12835b01, 0x243185be, 0x550c7dc3, 0x72be5d74, 0x80deb1fe, 0x9bdc06a7, 0xc19bf174,
    0xe49b69c1, 0xefbe4786, 0x0fc19dc6, 0x240ca1cc, 0x2de92c6f, 0x4a7484aa, 0x5cb0a9dc, 0x76f988da,
    0x983e5152, 0xa831c66d, 0xb00327c8, 0xbf597fc7, 0xc6e00bf3, 0xd5a79147, 0x06ca6351, 0x14292967,
    0x27b70a85, 0x2e1b2138, 0x4d2c6dfc, 0x53380d13, 0x650a7354, 0x766a0abb, 0x81c2c92e, 0x92722c85,
    0xa2bfe8a1, 0xa81a664b, 0xc24b8b70, 0xc76c51a3, 0xd192e819, 0xd6990624, 0xf40e3585, 0x106aa070,
    0x19a4c116, 0x1e376c08, 0x2748774c, 0x34b0bcb5, 0x391c0cb3, 0x4ed8aa4a, 0x5b9cca4f, 0x682e6ff3,
    0x748f82ee, 0x78a5636f, 0x84c87814, 0x8cc70208, 0x90befffa, 0xa4506ceb, 0xbef9a3f7, 0xc67178f2];

  function rotate(x, n) { return (x >>> n) | (x << (32 - n)); }

  function sha256(text) {
    var bytes = new TextEncoder().encode(text);
    var size = Math.ceil((bytes.length + 9) / 64) * 64;
    var padded = new Uint8Array(size);
    padded.set(bytes);
    padded[bytes.length] = 0x80;
    var view = new DataView(padded.buffer);
    var bits = bytes.length * 8;
    view.setUint32(size - 8, Math.floor(bits / 0x100000000));
    view.setUint32(size - 4, bits >>> 0);
    var h = [0x6a09e667, 0xbb67ae85, 0x3c6ef372, 0xa54ff53a, 0x510e527f, 0x9b05688c, 0x1f83d9ab, 0x5be0cd19];
    var w = new Int32Array(64);
    for (var offset = 0; offset < size; offset += 64) {
      var i;
      for (i = 0; i < 16; i++) w[i] = view.getInt32(offset + 4 * i);
      for (i = 16; i < 64; i++) {
        var s0 = rotate(w[i - 15], 7) ^ rotate(w[i - 15], 18) ^ (w[i - 15] >>> 3);
        var s1 = rotate(w[i - 2], 17) ^ rotate(w[i - 2], 19) ^ (w[i - 2] >>> 10);
        w[i] = (w[i - 16] + s0 + w[i - 7] + s1) | 0;
      }
      var a = h[0], b = h[1], c = h[2], d = h[3], e = h[4], f = h[5], g = h[6], k = h[7];
      for (i = 0; i < 64; i++) {
        var t1 = (k + (rotate(e, 6) ^ rotate(e, 11) ^ rotate(e, 25)) + ((e & f) ^ (~e & g)) + K[i] + w[i]) | 0;
        var t2 = ((rotate(a, 2) ^ rotate(a, 13) ^ rotate(a, 22)) + ((a & b) ^ (a & c) ^ (b & c))) | 0;
        k = g; g = f; f = e; e = (d + t1) | 0; d = c; c = b; b = a; a = (t1 + t2) | 0;
      }
      h = [(h[0] + a) | 0, (h[1] + b) | 0, (h[2] + c) | 0, (h[3] + d) | 0,
           (h[4] + e) | 0, (h[5] + f) | 0, (h[6] + g) | 0, (h[7] + k) | 0];
    }
    return h.map(function (word) { return ('0000000' + (word >>> 0).toString(16)).slice(-8); }).join('');
  }

  function digest(text) { return sha256(text).slice(0, 16); }

  /* The proposals, kept in this browser; in memory alone where it keeps nothing (a private window). */
  var memory = null;

  function load() {
    if (memory) return memory.slice();
    try {
      var kept = JSON.parse(localStorage.getItem(STORE) || '[]');
      return Array.isArray(kept) ? kept.filter(function (item) {
        return item && KINDS.indexOf(item.kind) >= 0 && typeof item.key === 'string';
      }) : [];
    } catch (error) {
      return [];
    }
  }

  function keep(items) {
    try {
      localStorage.setItem(STORE, JSON.stringify(items));
      memory = null;
    } catch (error) {
      memory = items.slice();
    }
    refresh();
  }

  function lastProposer() {
    try { return JSON.parse(localStorage.getItem(WHO) || '{}') || {}; } catch (error) { return {}; }
  }

  function rememberProposer(item) {
    try {
      localStorage.setItem(WHO, JSON.stringify({proposer: item.proposer, proposerBody: item.proposerBody,
                                                person: item.person, email: item.email}));
    } catch (error) { /* nothing to remember it in */ }
  }

  function bodyOf(item) {
    if (item.proposerBody) return item.proposerBody;
    var found = data.participants.filter(function (who) { return who.key === item.proposer; })[0];
    return found ? found.body : item.proposer;
  }

  function headline(item) {
    var where = say(item.kind === 'insertion' ? 'after' : 'provision', {number: item.number});
    return where + ' — ' + say(item.kind) + (item.language !== data.language ? ' (' + item.language + ')' : '');
  }

  /* What the proposal proposes, in a few words. */
  function wording(item) {
    if (item.kind === 'repeal') return say('repealChoice');
    if (item.kind === 'comment') return item.rationale || '';
    return item.text || '';
  }

  // The file: a YAML list whose values are JSON (JSON's strings and lists are YAML's
  // double-quoted scalars and flow sequences), as submissions.read_submission reads it.

  function yaml(value) {
    // Characters a YAML stream may not hold as they are, and line breaks YAML would fold.
    return JSON.stringify(value).replace(/[\u007f-\u009f\u2028\u2029\ufeff\ufffe\uffff]/g, function (c) {
      return '\\u' + ('000' + c.charCodeAt(0).toString(16)).slice(-4);
    });
  }

  function fileName() {
    return 'proposals-' + data.language + '-' + today() + '.yaml';
  }

  function fileText(items) {
    var lines = [say('intro'), say('fileMade'), say('fileSend')].map(function (line) {
      return '# ' + collapse(line);
    });
    items.forEach(function (item) {
      var fields = [['kind', item.kind], [item.kind === 'insertion' ? 'insert_after' : 'targets', [item.key]],
                    ['against', data.version], ['against_digest', item.digest], ['seen', item.seen],
                    ['language', item.language], ['text', item.text],
                    [item.proposerBody ? 'proposer_body' : 'proposer', item.proposerBody || item.proposer],
                    ['person', item.person], ['email', item.email], ['rationale', item.rationale],
                    ['date', item.date], ['manner', 'written']];
      var written = fields.filter(function (field) { return field[1]; }).map(function (field) {
        return field[0] + ': ' + yaml(field[1]);
      });
      lines.push('- ' + written.join('\n  '));
    });
    return lines.join('\n') + '\n';
  }

  function download() {
    var url = URL.createObjectURL(new Blob([fileText(load())], {type: 'application/yaml'}));
    var link = element('a');
    link.href = url;
    link.download = fileName();
    link.hidden = true;
    document.body.appendChild(link);
    link.click();
    setTimeout(function () { URL.revokeObjectURL(url); link.remove(); }, 1000);
  }

  // The e-mail: the delegate's own mail program writes it, to the secretariat that editions.js names.

  function secretariat() {
    var address = window.conceptSite && window.conceptSite.secretariat;
    return typeof address === 'string' && EMAIL.test(address) ? address : '';
  }

  /* The subject, a summary of each proposal as long as the address stays short enough for every
     mail program (the list is then cut, and says so), and the request to attach the file. */
  function mailHref(items, address) {
    var encode = encodeURIComponent, line = '%0D%0A';
    var start = 'mailto:' + encodeURI(address) + '?subject=' + encode(say('title')) + '&body=';
    var end = encode(say('attach', {file: fileName()}));
    var cut = encode(say('cut')) + line + line;
    var body = '';
    for (var n = 0; n < items.length; n++) {
      var item = items[n];
      // Room for this summary, and for the notice that the list is cut should it not fit.
      var room = MAIL_LIMIT - 1 - start.length - body.length - end.length - cut.length;
      var head = encode((n + 1) + '. ' + headline(item)) + line;
      var tail = line + encode(say('proposedBy', {body: bodyOf(item)})) + line + line;
      var most = SUMMARY, entry = head + encode(shorten(wording(item), most)) + tail;
      // A summary too long for what is left is shortened, while some of its wording is left.
      while (entry.length > room && most > 40) {
        most = Math.floor(most * 0.8);
        entry = head + encode(shorten(wording(item), most)) + tail;
      }
      if (entry.length > room) {
        body += cut;
        break;
      }
      body += entry;
    }
    return start + body + end;
  }

  // The sheet printed for signature: nothing else of the page prints with it.

  function sheet(items) {
    var made = element('section', 'propose-sheet');
    made.lang = data.language;
    made.appendChild(element('h1', '', say('intro')));
    made.appendChild(element('p', '', say('sheetNote')));
    items.forEach(function (item) {
      var article = element('article', 'propose-sheet-item');
      article.appendChild(element('h2', '', headline(item)));
      var list = element('dl');
      function row(label, value, language) {
        if (!value) return;
        list.appendChild(element('dt', '', label));
        var said = element('dd', '', value);
        if (language) said.lang = language;
        list.appendChild(said);
      }
      row(say('current'), item.seen, item.language);
      if (item.kind === 'substitution' || item.kind === 'insertion') {
        row(say(item.kind === 'insertion' ? 'newProvision' : 'proposed'), item.text, item.language);
      } else if (item.kind === 'repeal') {
        row(say('proposed'), say('repealChoice'));
      }
      row(say('proposer'), bodyOf(item));
      row(say('personOf'), item.person);
      row(say('emailOf'), item.email);
      row(say(item.kind === 'comment' ? 'comment' : 'rationaleOf'), item.rationale, item.language);
      article.appendChild(list);
      var signature = element('p', 'propose-signature');
      signature.appendChild(element('span', 'propose-sign-label', say('signature')));
      signature.appendChild(element('span', 'propose-sign-line'));
      signature.appendChild(element('span', 'propose-sign-label', say('date')));
      signature.appendChild(element('span', 'propose-sign-date', item.date));
      article.appendChild(signature);
      made.appendChild(article);
    });
    return made;
  }

  function printSheet() {
    var old = document.querySelector('.propose-sheet');
    if (old) old.remove();
    document.body.appendChild(sheet(load()));
    document.body.classList.add('propose-printing');
    if (basket && basket.open) basket.close();
    window.print();
  }
  window.addEventListener('afterprint', function () { document.body.classList.remove('propose-printing'); });

  // The form.

  var form = null, dialog = null, fields = {}, editing = null, opener = null, backToBasket = false, context = null;

  function field(id, labelText, control) {
    var wrap = element('div', 'propose-field');
    var label = element('label', '', labelText);
    label.htmlFor = id;
    control.id = id;
    var error = element('p', 'propose-error');
    error.id = id + '-error';
    error.hidden = true;
    wrap.appendChild(label);
    wrap.appendChild(control);
    wrap.appendChild(error);
    fields[id] = {wrap: wrap, label: label, control: control, error: error};
    return wrap;
  }

  function makeForm() {
    dialog = element('dialog', 'propose-dialog');
    dialog.setAttribute('aria-labelledby', 'propose-heading');
    form = element('form', 'propose-form');
    form.noValidate = true;
    var heading = element('h2');
    heading.id = 'propose-heading';
    form.appendChild(heading);

    var problems = element('div', 'propose-problems');
    problems.setAttribute('role', 'alert');
    problems.hidden = true;
    form.appendChild(problems);

    var current = element('section', 'propose-current');
    var currentHeading = element('h3', '', say('current'));
    currentHeading.id = 'propose-current-heading';
    current.setAttribute('aria-labelledby', currentHeading.id);
    current.appendChild(currentHeading);
    current.appendChild(element('blockquote'));
    form.appendChild(current);

    var kinds = element('fieldset', 'propose-kinds');
    kinds.appendChild(element('legend', '', say('kindLegend')));
    KINDS.forEach(function (kind) {
      var label = element('label');
      var radio = element('input');
      radio.type = 'radio';
      radio.name = 'propose-kind';
      radio.value = kind;
      radio.id = 'propose-kind-' + kind;
      label.htmlFor = radio.id;
      label.appendChild(radio);
      label.appendChild(document.createTextNode(' ' + say(kind + 'Choice')));
      kinds.appendChild(label);
    });
    kinds.addEventListener('change', changeKind);
    form.appendChild(kinds);

    var text = element('textarea');
    text.rows = 7;
    text.addEventListener('input', showChanges);
    form.appendChild(field('propose-text', say('proposed'), text));

    var changes = element('section', 'propose-changes');
    var changesHeading = element('h3', '', say('changes'));
    changesHeading.id = 'propose-changes-heading';
    changes.setAttribute('aria-labelledby', changesHeading.id);
    changes.appendChild(changesHeading);
    changes.appendChild(element('div', 'propose-redline'));
    form.appendChild(changes);

    var proposer = element('select');
    proposer.addEventListener('change', function () {
      fields['propose-body'].wrap.hidden = proposer.value !== OTHER;
    });
    form.appendChild(field('propose-proposer', say('proposer'), proposer));
    var body = element('input');
    body.type = 'text';
    body.autocomplete = 'organization';
    form.appendChild(field('propose-body', say('body'), body));
    var person = element('input');
    person.type = 'text';
    person.autocomplete = 'name';
    form.appendChild(field('propose-person', say('person'), person));
    var email = element('input');
    email.type = 'email';
    email.autocomplete = 'email';
    form.appendChild(field('propose-email', say('email'), email));
    var rationale = element('textarea');
    rationale.rows = 4;
    form.appendChild(field('propose-rationale', say('rationale'), rationale));

    var actions = element('div', 'propose-actions');
    var submit = element('button', 'propose-submit');
    submit.type = 'submit';
    var cancel = element('button', 'propose-cancel', say('cancel'));
    cancel.type = 'button';
    cancel.addEventListener('click', function () { dialog.close(); });
    actions.appendChild(submit);
    actions.appendChild(cancel);
    form.appendChild(actions);

    form.addEventListener('submit', function (event) {
      event.preventDefault();
      submitForm();
    });
    dialog.addEventListener('close', function () {
      if (backToBasket) {
        backToBasket = false;
        openBasket();
      } else if (opener && opener.isConnected) {
        opener.focus();
      }
    });
    dialog.appendChild(form);
    document.body.appendChild(dialog);
  }

  function fillProposers(chosen, typed) {
    var select = fields['propose-proposer'].control;
    select.textContent = '';
    if (data.participants.length) select.appendChild(new Option(say('choose'), ''));
    data.participants.forEach(function (who) { select.appendChild(new Option(who.body, who.key)); });
    select.appendChild(new Option(say('anotherBody'), OTHER));
    select.value = typed ? OTHER : (chosen && data.participants.some(function (who) { return who.key === chosen; })
      ? chosen : (data.participants.length ? '' : OTHER));
    fields['propose-body'].control.value = typed || '';
    fields['propose-body'].wrap.hidden = select.value !== OTHER;
  }

  function kindOf() {
    var checked = form.querySelector('input[name="propose-kind"]:checked');
    return checked ? checked.value : 'substitution';
  }

  function changeKind() {
    var kind = kindOf(), text = fields['propose-text'].control;
    // The wording starts as the provision's for a new wording, empty for a new provision; what
    // the delegate has written is never thrown away.
    if (kind === 'substitution' && !collapse(text.value)) text.value = context.seen;
    if (kind === 'insertion' && collapse(text.value) === context.seen) text.value = '';
    fields['propose-text'].wrap.hidden = kind === 'repeal' || kind === 'comment';
    fields['propose-text'].label.textContent = say(kind === 'insertion' ? 'newProvision' : 'proposed');
    fields['propose-rationale'].label.textContent = say(kind === 'comment' ? 'commentText' : 'rationale');
    fields['propose-rationale'].control.required = kind === 'comment';
    showChanges();
  }

  function showChanges() {
    var kind = kindOf(), target = form.querySelector('.propose-redline');
    form.querySelector('.propose-changes').hidden = kind === 'comment';
    target.textContent = '';
    if (kind === 'comment') return;
    var rules = context.rules || data.rules;
    var old = kind === 'insertion' ? [] : redline.split(context.seen, rules);
    var proposed = kind === 'repeal' ? [] : redline.split(clean(fields['propose-text'].control.value), rules);
    redline.render(target, redline.spans(old, proposed));
  }

  function openForm(ctx, item, from) {
    if (!form) makeForm();
    context = ctx;
    editing = item || null;
    opener = from || null;
    var kind = item ? item.kind : 'substitution';
    form.querySelector('#propose-heading').textContent = say('propose', {number: ctx.number});
    var quote = form.querySelector('.propose-current blockquote');
    quote.textContent = ctx.seen;
    quote.lang = ctx.language;
    form.querySelector('#propose-kind-' + kind).checked = true;
    fields['propose-text'].control.value = item ? (item.text || '') : (kind === 'substitution' ? ctx.seen : '');
    fields['propose-text'].control.lang = ctx.language;
    fields['propose-rationale'].control.lang = ctx.language;
    var who = item || lastProposer();
    fillProposers(who.proposer, who.proposerBody);
    fields['propose-person'].control.value = who.person || '';
    fields['propose-email'].control.value = who.email || '';
    fields['propose-rationale'].control.value = item ? (item.rationale || '') : '';
    form.querySelector('.propose-submit').textContent = say(item ? 'save' : 'add');
    clearProblems();
    changeKind();
    dialog.showModal();
    form.querySelector('#propose-kind-' + kind).focus();
  }

  function clearProblems() {
    form.querySelector('.propose-problems').hidden = true;
    Object.keys(fields).forEach(function (id) {
      fields[id].error.hidden = true;
      fields[id].error.textContent = '';
      fields[id].control.removeAttribute('aria-invalid');
      fields[id].control.removeAttribute('aria-describedby');
    });
  }

  function problem(id, message, found) {
    var f = fields[id];
    f.error.textContent = message;
    f.error.hidden = false;
    f.control.setAttribute('aria-invalid', 'true');
    f.control.setAttribute('aria-describedby', f.error.id);
    found.push([id, message]);
  }

  function submitForm() {
    clearProblems();
    var kind = kindOf(), found = [];
    var value = function (id) { return clean(fields[id].control.value); };
    var text = kind === 'substitution' || kind === 'insertion' ? value('propose-text') : '';
    var rationale = value('propose-rationale'), body = value('propose-body');
    var person = value('propose-person'), email = value('propose-email');
    var proposer = fields['propose-proposer'].control.value;
    if (kind === 'substitution' || kind === 'insertion') {
      if (!text) problem('propose-text', say('noText'), found);
      else if (kind === 'substitution' && text === context.seen) problem('propose-text', say('sameText'), found);
      else if (MARKUP.test(text)) problem('propose-text', say('markup', {signs: '`  :::  {…}'}), found);
      else if (length(text) > MAX_TEXT) problem('propose-text', say('tooLong', {limit: MAX_TEXT}), found);
    }
    if (!proposer) problem('propose-proposer', say('noProposer'), found);
    if (proposer === OTHER && !body) problem('propose-body', say('noBody'), found);
    else if (length(body) > MAX_TEXT) problem('propose-body', say('tooLong', {limit: MAX_TEXT}), found);
    if (!person) problem('propose-person', say('noPerson'), found);
    else if (length(person) > MAX_TEXT) problem('propose-person', say('tooLong', {limit: MAX_TEXT}), found);
    if (email && !EMAIL.test(email)) problem('propose-email', say('badEmail'), found);
    if (kind === 'comment' && !rationale) problem('propose-rationale', say('noComment'), found);
    else if (length(rationale) > MAX_TEXT) problem('propose-rationale', say('tooLong', {limit: MAX_TEXT}), found);
    var items = load();
    if (!editing && items.length >= MAX_PROPOSALS) found.push(['', say('full')]);
    if (found.length) {
      var box = form.querySelector('.propose-problems');
      box.textContent = '';
      box.appendChild(element('p', '', say('problems')));
      var list = element('ul');
      found.forEach(function (one) { list.appendChild(element('li', '', one[1])); });
      box.appendChild(list);
      box.hidden = false;
      if (found[0][0]) fields[found[0][0]].control.focus();
      return;
    }
    var item = {
      id: editing ? editing.id : 'p' + Date.now().toString(36) + Math.random().toString(36).slice(2, 8),
      kind: kind, key: context.key, number: context.number, language: context.language,
      rules: context.rules || data.rules, seen: context.seen, digest: digest(context.seen),
      text: text, proposer: proposer === OTHER ? '' : proposer, proposerBody: proposer === OTHER ? body : '',
      person: person, email: email, rationale: rationale,
      date: editing ? editing.date : today()
    };
    if (editing) {
      items = items.map(function (old) { return old.id === editing.id ? item : old; });
    } else {
      items.push(item);
    }
    rememberProposer(item);
    keep(items);
    if (!editing) announce(say('added'));
    dialog.close();
  }

  // The list of proposals.

  var toggle = null, basket = null, status = null;

  function announce(message) {
    status.textContent = '';
    setTimeout(function () { status.textContent = message; }, 50);
  }

  function makeControls() {
    status = element('p', 'propose-status');
    status.setAttribute('role', 'status');
    document.body.appendChild(status);
    toggle = element('button', 'propose-basket-toggle');
    toggle.type = 'button';
    toggle.setAttribute('aria-haspopup', 'dialog');
    var label = element('span', 'propose-basket-label', say('basket'));
    label.setAttribute('aria-hidden', 'true');
    var count = element('span', 'propose-count');
    count.setAttribute('aria-hidden', 'true');
    toggle.appendChild(label);
    toggle.appendChild(count);
    toggle.addEventListener('click', openBasket);
    document.body.appendChild(toggle);
  }

  function button(className, text, action) {
    var made = element('button', className, text);
    made.type = 'button';
    made.addEventListener('click', action);
    return made;
  }

  function makeBasket() {
    basket = element('dialog', 'propose-basket');
    basket.setAttribute('aria-labelledby', 'propose-basket-heading');
    var heading = element('h2', '', say('basket'));
    heading.id = 'propose-basket-heading';
    basket.appendChild(heading);
    basket.appendChild(element('p', 'propose-note', say('note')));
    basket.appendChild(element('p', 'propose-empty', say('empty')));
    basket.appendChild(element('ol', 'propose-list'));
    var actions = element('div', 'propose-basket-actions');
    actions.appendChild(button('propose-download', say('download'), download));
    var mail = element('a', 'propose-mail', say('mail'));
    actions.appendChild(mail);
    actions.appendChild(button('propose-print', say('print'), printSheet));
    actions.appendChild(button('propose-remove-all', say('removeAll'), function () {
      if (window.confirm(say('removeAllConfirm'))) keep([]);
    }));
    actions.appendChild(button('propose-close', say('close'), function () { basket.close(); }));
    basket.appendChild(actions);
    basket.addEventListener('close', function () { if (toggle.isConnected && !toggle.hidden) toggle.focus(); });
    document.body.appendChild(basket);
  }

  function openBasket() {
    if (!basket) makeBasket();
    fillBasket();
    if (!basket.open) basket.showModal();
    basket.querySelector('.propose-close').focus();
  }

  function fillBasket() {
    var items = load(), list = basket.querySelector('.propose-list');
    list.textContent = '';
    items.forEach(function (item, n) {
      var entry = element('li', 'propose-item');
      var title = element('h3', '', headline(item));
      title.id = 'propose-item-' + n;
      entry.appendChild(title);
      var snippet = element('p', 'propose-snippet', shorten(wording(item), SUMMARY));
      snippet.lang = item.language;
      entry.appendChild(snippet);
      entry.appendChild(element('p', 'propose-by', say('proposedBy', {body: bodyOf(item)})));
      var edit = button('propose-edit', say('edit'), function () {
        backToBasket = true;
        basket.close();
        openForm({key: item.key, number: item.number, language: item.language, seen: item.seen,
                  rules: item.rules}, item, toggle);
      });
      var remove = button('propose-remove', say('remove'), function () {
        keep(load().filter(function (other) { return other.id !== item.id; }));
        var next = basket.querySelector('.propose-edit') || basket.querySelector('.propose-close');
        next.focus();
      });
      edit.setAttribute('aria-describedby', title.id);
      remove.setAttribute('aria-describedby', title.id);
      entry.appendChild(edit);
      entry.appendChild(remove);
      list.appendChild(entry);
    });
    basket.querySelector('.propose-empty').hidden = items.length > 0;
    ['.propose-download', '.propose-print', '.propose-remove-all'].forEach(function (selector) {
      basket.querySelector(selector).hidden = !items.length;
    });
    var mail = basket.querySelector('.propose-mail'), address = secretariat();
    mail.hidden = !(address && items.length);
    if (address && items.length) mail.href = mailHref(items, address);
    else mail.removeAttribute('href');
  }

  function refresh() {
    var count = load().length;
    toggle.hidden = count === 0;
    toggle.querySelector('.propose-count').textContent = String(count);
    toggle.setAttribute('aria-label', say('basketCount', {count: count}));
    if (basket && basket.open) fillBasket();
  }

  // The buttons beside the provisions' numbers.

  function addButtons() {
    var provisions = document.querySelectorAll('.provision[id]');
    Array.prototype.forEach.call(provisions, function (provision) {
      var number = provision.querySelector('.provision-number');
      if (!number || provision.querySelector('.propose-amendment')) return;
      var after = provision.querySelector('.provision-history') || number;
      var label = say('propose', {number: number.textContent.trim()});
      var made = element('button', 'propose-amendment');
      made.type = 'button';
      made.setAttribute('aria-label', label);
      made.title = label;
      made.setAttribute('aria-haspopup', 'dialog');
      var icon = element('span', '', '✎');
      icon.setAttribute('aria-hidden', 'true');
      made.appendChild(icon);
      made.addEventListener('click', function () {
        openForm({key: provision.id, number: number.textContent.trim(), language: data.language,
                  seen: currentText(provision), rules: data.rules}, null, made);
      });
      after.parentNode.insertBefore(made, after.nextSibling);
    });
  }

  function start() {
    makeControls();
    addButtons();
    refresh();
    // Another window of the site changed the proposals.
    window.addEventListener('storage', function (event) { if (event.key === STORE) refresh(); });
  }

  window.conceptPropose = {sha256: sha256, currentText: currentText, fileText: fileText, mailHref: mailHref,
                           load: load};
  if (document.readyState === 'loading') document.addEventListener('DOMContentLoaded', start);
  else start();
})();
