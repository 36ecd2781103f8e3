// The language and version switchers keep the reader's page and provision (see navigation.py).
(function () {
  'use strict';

  // The provision the reader is at: the address's anchor, else the last one scrolled past.
  function currentAnchor() {
    if (location.hash) return location.hash.slice(1);
    var at = '';
    document.querySelectorAll('.provision[id]').forEach(function (element) {
      if (element.getBoundingClientRect().top <= 120) at = element.id;
    });
    return at;
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

  document.addEventListener('click', function (event) {
    var link = event.target.closest && event.target.closest('a[data-concept-edition]');
    var here = document.querySelector('[data-concept-page]');
    if (!link || !here || event.ctrlKey || event.metaKey || event.shiftKey) return;
    event.preventDefault();
    var edition = link.getAttribute('data-concept-edition');
    location.href = here.getAttribute('data-concept-root') + edition + '/' +
      target(edition, here.getAttribute('data-concept-page'), currentAnchor());
  });
})();
