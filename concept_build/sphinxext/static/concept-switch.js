// The language and version switchers keep the reader's page and provision (see navigation.py).
(function () {
  'use strict';

  // Whether the reader has scrolled since the page opened (the browser's own scroll to the
  // address's anchor, which may come after the page has loaded, does not count).
  var moved = false;
  function reader() { moved = true; }
  window.addEventListener('wheel', reader, {passive: true});
  window.addEventListener('touchmove', reader, {passive: true});
  window.addEventListener('keydown', function (event) {
    if (['PageUp', 'PageDown', 'ArrowUp', 'ArrowDown', 'Home', 'End', ' '].indexOf(event.key) >= 0) moved = true;
  });

  // The provision the reader is at: the one the address names, until the reader scrolls; then
  // the first one not yet scrolled past the top of the window (on narrow screens furo's header
  // covers that top), or none at the page's top, where the heading and the notice are.
  function currentAnchor() {
    var named = location.hash && document.getElementById(decodeURIComponent(location.hash.slice(1)));
    if (!moved && named && named.classList.contains('provision')) return named.id;
    var header = document.querySelector('.mobile-header');
    var line = (header ? header.getBoundingClientRect().height : 0) + 16;
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

  function target(edition, page, anchor) {
    var site = window.conceptSite || {};
    var provisions = (site.provisions || {})[edition] || {};
    // A provision keeps its key when it moves, so follow the key to whichever page holds it.
    if (anchor && provisions[anchor]) return provisions[anchor] + '.html#' + anchor;
    var found = nearestPage((site.pages || {})[edition], page);
    return found + '.html' + (found === page && anchor ? '#' + anchor : '');
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
      if (!(site.pages || {})[id] || !labels[version]) return;
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
  // link to it would be (:target), unless the address already names one.
  // Read now: Sphinx's highlighting takes the words out of the address once the page is ready.
  var searched = new URLSearchParams(location.search).get('highlight');
  function openAtMatch() {
    var query = searched;
    if (location.hash || !query) return;
    var words = query.toLocaleLowerCase().split(/\s+/).filter(Boolean);
    var provisions = document.querySelectorAll('.provision[id]');
    for (var i = 0; i < provisions.length; i++) {
      var text = provisions[i].textContent.toLocaleLowerCase();
      if (words.some(function (word) { return text.indexOf(word) >= 0; })) {
        var found = provisions[i];
        location.replace('#' + found.id);
        // The browser may restore the scroll position of the address without the anchor
        // once the page has loaded: bring the provision back, unless the reader has scrolled.
        found.scrollIntoView();
        window.addEventListener('load', function () { if (!moved) found.scrollIntoView(); });
        return;
      }
    }
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

  function ready() {
    listVersions();
    linkSinceLastRound();
    openAtMatch();
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
