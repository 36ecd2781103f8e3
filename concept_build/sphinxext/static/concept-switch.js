// The language and version switchers keep the reader's page and provision (see navigation.py).
(function () {
  'use strict';

  // Whether the reader has scrolled by hand since the page opened.
  var moved = false;
  function reader() { moved = true; }
  window.addEventListener('wheel', reader, {passive: true});
  window.addEventListener('touchmove', reader, {passive: true});
  window.addEventListener('keydown', function (event) {
    if (['PageUp', 'PageDown', 'ArrowUp', 'ArrowDown', 'Home', 'End', ' '].indexOf(event.key) >= 0) moved = true;
  });

  function readingLine() {
    var header = document.querySelector('.mobile-header');
    return (header ? header.getBoundingClientRect().height : 0) + 16;
  }

  function namedProvision() {
    var named = location.hash && document.getElementById(decodeURIComponent(location.hash.slice(1)));
    return named && named.classList.contains('provision') ? named : null;
  }

  // The provision the address names counts until the page has left it: the browser scrolls to
  // it (smoothly, or after the page has loaded), and it has been reached once it is at the top
  // of the window or the page is at its end; a scroll that then takes it off screen (the
  // scrollbar, find-in-page, a link, a script) or a scroll by hand leaves it.
  var reached = false, left = false;
  window.addEventListener('hashchange', function () { reached = left = false; moved = false; });
  window.addEventListener('scroll', function () {
    var named = namedProvision();
    if (!named || left) return;
    var box = named.getBoundingClientRect(), line = readingLine(), root = document.documentElement;
    var atEnd = window.scrollY >= root.scrollHeight - window.innerHeight - 2;
    if ((box.top <= line + 2 && box.bottom > 0) || atEnd) reached = true;
    else if (reached && (box.bottom <= 0 || box.top >= window.innerHeight)) left = true;
  }, {passive: true});

  // The provision the reader is at: the named one until the page has left it, else the first one
  // not yet scrolled past the top of the window (on narrow screens furo's header covers that
  // top), or none at the page's top, where the heading and the notice are.
  function currentAnchor() {
    var named = namedProvision(), line = readingLine();
    if (named && !left && !moved) return named.id;
    var provisions = document.querySelectorAll('.provision[id]');
    if (!provisions.length || window.scrollY < 8 ||
        provisions[0].getBoundingClientRect().top > line) return '';
    for (var i = 0; i < provisions.length; i++) {
      if (provisions[i].getBoundingClientRect().bottom > line) return provisions[i].id;
    }
    return '';
  }

  // The same page if the edition has it, else its nearest parent, else the edition's start.
  function nearestPage(pages, page) {
    if (!pages || pages.indexOf(page) >= 0) return page;
    var parts = page.split('/');
    while (parts.length > 1) {
      parts.pop();
      var candidate = parts.join('/') + '/index';
      if (pages.indexOf(candidate) >= 0) return candidate;
    }
    return 'index';
  }

  // Of the provisions on this page, the one nearest to *anchor* that *provisions* has (those
  // before it first, as the reader has read them), or '' if none has.
  function nearestProvision(provisions, anchor) {
    var ids = Array.prototype.map.call(document.querySelectorAll('.provision[id]'), function (p) { return p.id; });
    var at = ids.indexOf(anchor);
    for (var distance = 1; at >= 0 && distance < ids.length; distance++) {
      if (provisions[ids[at - distance]]) return ids[at - distance];
      if (provisions[ids[at + distance]]) return ids[at + distance];
    }
    return '';
  }

  // editions.js names the editions there are, and the pages and provisions of each version
  // (the same in every language of it).
  function published(edition) {
    var site = window.conceptSite || {};
    return (site.editions || []).indexOf(edition) >= 0;
  }
  function ofVersion(field, edition) {
    var site = window.conceptSite || {};
    return published(edition) ? (site[field] || {})[edition.split('/')[1]] : undefined;
  }

  function target(edition, page, anchor) {
    var provisions = ofVersion('provisions', edition);
    // A provision the other version lacks: its nearest neighbour there, said on arrival.
    if (anchor && provisions && !provisions[anchor]) {
      var number = document.querySelector('#' + CSS.escape(anchor) + ' .provision-number');
      var nearest = nearestProvision(provisions, anchor);
      try {
        sessionStorage.setItem('concept-missing', JSON.stringify({
          edition: edition, at: nearest, number: number ? number.textContent.trim().replace(/\.$/, '') : ''}));
      } catch (error) {}
      anchor = nearest;
    }
    // A provision keeps its key when it moves, so follow the key to whichever page holds it.
    if (anchor && provisions && provisions[anchor]) return provisions[anchor] + '.html#' + anchor;
    var found = nearestPage(ofVersion('pages', edition), page);
    return found + '.html' + (found === page && anchor ? '#' + anchor : '');
  }

  // Said where the reader lands when the provision they were at is not in this version.
  function sayMissing() {
    var told = null, here = document.querySelector('[data-concept-missing]');
    try {
      told = JSON.parse(sessionStorage.getItem('concept-missing') || 'null');
      sessionStorage.removeItem('concept-missing');
    } catch (error) {}
    var current = document.querySelector('.concept-versions [aria-current]');
    if (!told || !here || !current || told.edition !== current.getAttribute('data-concept-edition')) return;
    var notice = document.createElement('p'), close = document.createElement('button');
    notice.className = 'concept-missing';
    notice.setAttribute('role', 'status');
    notice.textContent = here.getAttribute('data-concept-missing')
      .replace('%(number)s', told.number).replace('%(version)s', current.textContent.trim()) + ' ';
    close.type = 'button';
    close.textContent = '\u00d7';
    close.setAttribute('aria-label', here.getAttribute('data-concept-dismiss'));
    close.addEventListener('click', function () { notice.remove(); });
    notice.appendChild(close);
    var at = told.at && document.getElementById(told.at);
    var article = document.querySelector('article[role="main"]') || document.body;
    if (at) at.parentNode.insertBefore(notice, at); else article.insertBefore(notice, article.firstChild);
  }

  // The page names only the working draft and its own version; every version the reader's
  // language has comes from editions.js, so that a new round changes no page already built.
  function listVersions() {
    var site = window.conceptSite, here = document.querySelector('[data-concept-page]');
    var list = document.querySelector('ul.concept-versions');
    if (!site || !site.versions || !here || !list) return;
    var current = list.querySelector('[aria-current]');
    var edition = current ? current.getAttribute('data-concept-edition') : '';
    var language = edition.split('/')[0], labels = (site.labels || {})[language] || {};
    var root = here.getAttribute('data-concept-root'), page = here.getAttribute('data-concept-page');
    var items = [];
    site.versions.forEach(function (version) {
      var id = language + '/' + version;
      if (!published(id) || !labels[version]) return;
      var item = document.createElement('li'), link = document.createElement('a');
      item.className = 'toctree-l1' + (id === edition ? ' concept-current' : '');
      link.className = 'reference';
      link.href = root + id + '/' + page + '.html';
      link.setAttribute('data-concept-edition', id);
      if (id === edition) link.setAttribute('aria-current', 'page');
      link.textContent = labels[version];
      item.appendChild(link);
      items.push(item);
    });
    if (!items.length) return;
    list.textContent = '';
    items.forEach(function (item) { list.appendChild(item); });
  }
  // Deferred like editions.js, which comes later in the page: the list waits for both.
  if (document.readyState === 'complete') ready();
  else document.addEventListener('DOMContentLoaded', ready);

  // A search result opens at the first provision that has a word searched for, marked as a
  // link to it would be (:target), unless the address already names one. Sphinx's search page
  // leaves the words in localStorage (older ones in ?highlight=): read now, before its
  // highlighting takes them away once the page is ready.
  // Only when the reader comes from the search page: the words stay in localStorage until a
  // page with Sphinx's highlighting opens, which may be much later.
  var searched = null, referrer = document.referrer ? new URL(document.referrer) : null;
  if (referrer && referrer.origin === location.origin && /\/search\.html$/.test(referrer.pathname)) {
    try { searched = localStorage.getItem('sphinx_highlight_terms'); } catch (error) {}
  }
  searched = searched || new URLSearchParams(location.search).get('highlight');

  // A word's forms share its beginning in the languages of the text: the whole word first, then
  // its first six letters (as the index of the languages without a stemmer has it).
  function firstWith(provisions, words) {
    var texts = Array.prototype.map.call(provisions, function (p) { return p.textContent.toLocaleLowerCase(); });
    var tries = [words, words.map(function (word) { return Array.from(word).slice(0, 6).join(''); })];
    for (var t = 0; t < tries.length; t++) {
      for (var i = 0; i < texts.length; i++) {
        if (tries[t].some(function (word) { return texts[i].indexOf(word) >= 0; })) return provisions[i];
      }
    }
    return null;
  }

  function openAtMatch() {
    if (location.hash || !searched) return;
    var words = searched.toLocaleLowerCase().split(/\s+/).filter(Boolean);
    var found = firstWith(document.querySelectorAll('.provision[id]'), words);
    if (!found) return;
    location.replace('#' + found.id);
    // The browser may restore the scroll position of the address without the anchor once the
    // page has loaded: bring the provision back, unless the reader has scrolled.
    found.scrollIntoView();
    window.addEventListener('load', function () { if (!moved) found.scrollIntoView(); });
  }

  // The working draft's banner links what changed since the last round, which editions.js names.
  function linkSinceLastRound() {
    var link = document.querySelector('a[data-concept-since-last]');
    var since = window.conceptSite && (window.conceptSite.since || {})[document.documentElement.lang];
    if (!link || !since) return;
    link.href = link.getAttribute('data-concept-since-last') + since.page;
    link.textContent = since.label;
    link.hidden = false;
  }

  // A round's banner links what changed in the round after it, which editions.js names
  // (site.versions: the working draft, then the rounds from the newest).
  function linkNextRound() {
    var link = document.querySelector('a[data-concept-next]'), site = window.conceptSite;
    var current = document.querySelector('.concept-versions [aria-current]');
    if (!link || !site || !site.versions || !current) return;
    var edition = current.getAttribute('data-concept-edition').split('/');
    var next = site.versions[site.versions.indexOf(edition[1]) - 1];
    var label = ((site.labels || {})[edition[0]] || {})[next];
    if (!next || next === site.versions[0] || !label || !published(edition[0] + '/' + next)) return;
    link.href = link.getAttribute('data-concept-next') + next + '.html';
    link.textContent = link.getAttribute('data-concept-label').replace('{version}', label);
    link.hidden = false;
  }

  function ready() {
    listVersions();
    linkSinceLastRound();
    linkNextRound();
    openAtMatch();
    sayMissing();
  }

  // Side by side opens at the provision the reader is at.
  document.addEventListener('click', function (event) {
    var link = event.target.closest && event.target.closest('a[data-concept-parallel]');
    if (!link || event.ctrlKey || event.metaKey || event.shiftKey) return;
    var anchor = currentAnchor();
    if (!anchor) return;
    event.preventDefault();
    location.href = link.href.split('#')[0] + '#' + anchor;
  });

  document.addEventListener('click', function (event) {
    var link = event.target.closest && event.target.closest('a[data-concept-edition]');
    var here = document.querySelector('[data-concept-page]');
    if (!link || !here || event.ctrlKey || event.metaKey || event.shiftKey) return;
    event.preventDefault();
    var edition = link.getAttribute('data-concept-edition');
    // The site's root sends the reader to this language next time (see entry.py).
    try { localStorage.setItem('concept-language', edition.split('/')[0]); } catch (error) {}
    location.href = here.getAttribute('data-concept-root') + edition + '/' +
      target(edition, here.getAttribute('data-concept-page'), currentAnchor());
  });
})();
