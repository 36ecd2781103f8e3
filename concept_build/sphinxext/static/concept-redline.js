/* Word-level differences between two texts, as the build makes them (common/redline.py): the
   same tokens by the language's own word rules, and the same matching as Python's difflib
   SequenceMatcher (autojunk off), so that a proposal's redline in the browser is the one the
   secretariat's consolidated table shows. Checked against the same cases as the Python. */
(function (global) {
  'use strict';
  var ISLAND = 2;

  function escapeClass(text) {
    return Array.from(text, function (c) {
      return '\\u{' + c.codePointAt(0).toString(16) + '}';
    }).join('');
  }

  /* rules: {apostrophes, signs} of common/words.py for the text's language. */
  function split(text, rules) {
    var inside = escapeClass(((rules && rules.apostrophes) || '') + ((rules && rules.signs) || ''));
    var letter = '[\\p{L}\\p{N}_]';
    var word = inside ? letter + '+(?:[' + inside + ']+' + letter + '+)*' : letter + '+';
    var wordOnly = new RegExp('^(?:' + word + ')$', 'u');
    var spaceOnly = /^\s+$/u;
    var pieces = new RegExp(word + '|\\s+|[\\s\\S]', 'gu');
    var tokens = [];
    var match;
    while ((match = pieces.exec(text)) !== null) {
      var piece = match[0];
      var kind = wordOnly.test(piece) ? 'w' : spaceOnly.test(piece) ? 's' : 'p';
      if (kind === 's' && tokens.length && tokens[tokens.length - 1][0] === 's') {
        tokens[tokens.length - 1][1] += piece;
      } else {
        tokens.push([kind, piece]);
      }
    }
    return tokens;
  }

  function shown(token) {
    return token[0] === 'ref' && token.length > 2 ? token[2] : token[1];
  }

  /* difflib.SequenceMatcher(None, a, b, autojunk=False).get_opcodes(), for lists of strings. */
  function opcodes(a, b) {
    var b2j = new Map();
    b.forEach(function (element, j) {
      if (!b2j.has(element)) b2j.set(element, []);
      b2j.get(element).push(j);
    });
    function longest(alo, ahi, blo, bhi) {
      var besti = alo, bestj = blo, bestsize = 0;
      var j2len = new Map();
      for (var i = alo; i < ahi; i++) {
        var newj2len = new Map();
        var indices = b2j.get(a[i]) || [];
        for (var n = 0; n < indices.length; n++) {
          var j = indices[n];
          if (j < blo) continue;
          if (j >= bhi) break;
          var k = (j2len.get(j - 1) || 0) + 1;
          newj2len.set(j, k);
          if (k > bestsize) { besti = i - k + 1; bestj = j - k + 1; bestsize = k; }
        }
        j2len = newj2len;
      }
      while (besti > alo && bestj > blo && a[besti - 1] === b[bestj - 1]) {
        besti--; bestj--; bestsize++;
      }
      while (besti + bestsize < ahi && bestj + bestsize < bhi && a[besti + bestsize] === b[bestj + bestsize]) {
        bestsize++;
      }
      return [besti, bestj, bestsize];
    }
    var queue = [[0, a.length, 0, b.length]];
    var blocks = [];
    while (queue.length) {
      var q = queue.pop();
      var found = longest(q[0], q[1], q[2], q[3]);
      var i = found[0], j = found[1], k = found[2];
      if (k) {
        blocks.push(found);
        if (q[0] < i && q[2] < j) queue.push([q[0], i, q[2], j]);
        if (i + k < q[1] && j + k < q[3]) queue.push([i + k, q[1], j + k, q[3]]);
      }
    }
    blocks.sort(function (x, y) { return x[0] - y[0] || x[1] - y[1] || x[2] - y[2]; });
    var joined = [];
    var i1 = 0, j1 = 0, k1 = 0;
    blocks.forEach(function (block) {
      if (i1 + k1 === block[0] && j1 + k1 === block[1]) {
        k1 += block[2];
      } else {
        if (k1) joined.push([i1, j1, k1]);
        i1 = block[0]; j1 = block[1]; k1 = block[2];
      }
    });
    if (k1) joined.push([i1, j1, k1]);
    joined.push([a.length, b.length, 0]);
    var ops = [];
    var ia = 0, jb = 0;
    joined.forEach(function (block) {
      var tag = ia < block[0] && jb < block[1] ? 'replace' : ia < block[0] ? 'delete' : jb < block[1] ? 'insert' : '';
      if (tag) ops.push([tag, ia, block[0], jb, block[1]]);
      ia = block[0] + block[2]; jb = block[1] + block[2];
      if (block[2]) ops.push(['equal', block[0], ia, block[1], jb]);
    });
    return ops;
  }

  /* The two token lists as stretches [changed, old, new], small equal islands absorbed. */
  function spans(oldTokens, newTokens) {
    var key = function (t) { return t[0] + '\u0000' + t[1]; };
    var a = oldTokens.map(key), b = newTokens.map(key);
    var ops = opcodes(a, b);
    var merged = [];
    ops.forEach(function (op, n) {
      var changed = op[0] !== 'equal';
      if (!changed && n > 0 && n < ops.length - 1) {
        var words = oldTokens.slice(op[1], op[2]).filter(function (t) {
          return t[0] === 'w' || t[0] === 'ref';
        }).length;
        changed = words <= ISLAND;
      }
      var last = merged[merged.length - 1];
      if (changed && last && last[0]) {
        last[2] = op[2]; last[4] = op[4];
      } else {
        merged.push([changed, op[1], op[2], op[3], op[4]]);
      }
    });
    return merged.map(function (m) {
      return [m[0], oldTokens.slice(m[1], m[2]).map(shown).join(''), newTokens.slice(m[3], m[4]).map(shown).join('')];
    });
  }

  /* The redline as elements: text as text, never as markup. */
  function render(target, stretches) {
    stretches.forEach(function (span) {
      if (!span[0]) { target.appendChild(document.createTextNode(span[2])); return; }
      if (span[1]) { var del = document.createElement('del'); del.textContent = span[1]; target.appendChild(del); }
      if (span[2]) { var ins = document.createElement('ins'); ins.textContent = span[2]; target.appendChild(ins); }
    });
  }

  global.conceptRedline = {split: split, spans: spans, render: render};
})(window);
