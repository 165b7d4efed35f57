/* sitegen shortlist: families save services on their own device (localStorage), see them on one
   page, print them, and share them as a link (?ids=a,b,c). No account; nothing is sent anywhere.
   Enhances [data-module="sg-shortlist-button"] (a save button) and [data-module="sg-shortlist"]
   (the shortlist page); does nothing where neither is present.
   A link or a device's storage can hold anything: only text shaped like a service's id counts,
   each id once, at most MOST of them, and a service is looked up in a Map, never in a plain
   object, so that 'constructor' or '__proto__' finds nothing. A saved list that is not what this
   file writes is cleaned and saved again, keeping the services it names. */
(function () {
  'use strict';
  var KEY = 'sg-shortlist';
  // A service's id is its record's file name (sitegen/model/content.py, SLUG and its 80 characters).
  var ID = /^[a-z0-9]+(-[a-z0-9]+)*$/, ID_LONGEST = 80;
  // Far more than a family saves, and a bound on the work any link or stored list can make.
  var MOST = 500;

  // The ids in ``items`` (anything): text shaped like an id, each once, in order, at most MOST.
  function cleanIds(items) {
    var ids = [], seen = new Set();
    if (!Array.isArray(items)) return ids;
    for (var i = 0; i < items.length && ids.length < MOST; i++) {
      var item = items[i];
      if (typeof item === 'string' && item.length <= ID_LONGEST && ID.test(item) && !seen.has(item)) {
        seen.add(item);
        ids.push(item);
      }
    }
    return ids;
  }

  // The ids of a shared link's ?ids=a,b,c. Only the ids that end within the first LINK_LONGEST
  // characters (as many as MOST ids and their commas can fill) are read, never half of one.
  var LINK_LONGEST = MOST * (ID_LONGEST + 1);
  function idsInLink(text) {
    text = String(text);
    if (text.length > LINK_LONGEST) {
      var end = text.lastIndexOf(',', LINK_LONGEST);
      text = end < 0 ? '' : text.slice(0, end);
    }
    return cleanIds(text.split(','));
  }

  function write(slugs) {
    try { localStorage.setItem(KEY, JSON.stringify(slugs)); return true; } catch (error) { return false; }
  }

  // The saved ids; a stored value that is not exactly what write() would store is saved again, cleaned.
  function read() {
    var stored, saved = null;
    try { stored = localStorage.getItem(KEY); } catch (error) { return []; }
    if (stored === null) return [];
    try { saved = JSON.parse(stored); } catch (error) { /* not JSON: nothing in it can be kept */ }
    var slugs = cleanIds(saved);
    if (JSON.stringify(slugs) !== stored) write(slugs);
    return slugs;
  }

  function enhanceButton(holder) {
    if (holder.getAttribute('data-ready')) return;
    holder.setAttribute('data-ready', 'yes');
    var slug = holder.getAttribute('data-slug'), name = holder.getAttribute('data-name');
    var button = document.createElement('button');
    button.type = 'button';
    button.className = 'sg-button sg-button--secondary sg-shortlist-button';
    function paint() {
      var saved = read().indexOf(slug) >= 0;
      button.setAttribute('aria-pressed', saved ? 'true' : 'false');
      button.textContent = saved ? 'Saved to your shortlist' : 'Save to your shortlist';
      button.setAttribute('aria-label', (saved ? 'Saved to your shortlist: ' : 'Save to your shortlist: ') + name);
    }
    button.addEventListener('click', function () {
      var slugs = read(), at = slugs.indexOf(slug);
      if (at < 0 && slugs.length >= MOST) {
        button.textContent = 'Your shortlist is full: remove a service from it to save this one';
        return;
      }
      if (at >= 0) slugs.splice(at, 1); else slugs.push(slug);
      write(slugs);
      paint();
    });
    paint();
    holder.appendChild(button);
  }

  function enhanceButtons() {
    document.querySelectorAll('[data-module="sg-shortlist-button"]').forEach(enhanceButton);
  }

  function startPage(module) {
    var directory = window.sgDirectory;
    module.querySelectorAll('.sg-js-only').forEach(function (node) { node.hidden = false; });
    module.querySelectorAll('.sg-no-js').forEach(function (node) { node.hidden = true; });
    var list = module.querySelector('.sg-shortlist__list'), count = module.querySelector('.sg-shortlist__count');
    var sharedNote = module.querySelector('.sg-shortlist__shared'), save = module.querySelector('.sg-shortlist__save');
    var linkBox = module.querySelector('.sg-shortlist__link'), linkInput = linkBox.querySelector('input');
    var params = new URLSearchParams(location.search);
    var shared = params.has('ids') ? idsInLink(params.get('ids')) : null;

    var columnsUrl = new URL(module.getAttribute('data-columns'), location.href).href;
    var files = directory.files(columnsUrl, directory.fetchJson);
    files.file(columnsUrl).promise.then(function (store) {
      return files.file(store.files.slugs).promise.then(function (slugs) { return [store, slugs]; });
    }).then(function (loaded) {
      var store = loaded[0], services = directory.services(store), bySlug = new Map();
      loaded[1].forEach(function (slug, ref) { if (services[ref]) bySlug.set(String(slug), services[ref]); });
      function known(ids) { return ids.filter(function (slug) { return bySlug.has(slug); }); }
      // The device's own list, without the ids of services the directory no longer has.
      function mine() {
        var saved = read(), kept = known(saved);
        if (kept.length !== saved.length) write(kept);
        return kept;
      }
      function slugs() { return shared ? known(shared) : mine(); }
      // the cards' text of these services, fetched if it has not come
      function withCards(current) {
        var coming = directory.cards(files, store, services, current.map(function (slug) { return bySlug.get(slug); }));
        return coming ? coming.then(function () { return withCards(current); }) : Promise.resolve(current);
      }
      function render() {
        return withCards(slugs()).then(paint);
      }
      function paint(current) {
        var now = window.sgSchedule.ukNow();
        list.textContent = '';
        current.forEach(function (slug) {
          list.appendChild(directory.renderResult({ service: bySlug.get(slug), miles: null }, store, module.getAttribute('data-root'), now));
        });
        if (shared && current.length === 0) {
          count.textContent = 'None of the services in this link are in the directory now.';
          save.hidden = true;
        } else {
          count.textContent = current.length === 0 ? 'Your shortlist is empty. Use “Save to your shortlist” on a service to add it here.'
            : current.length + (current.length === 1 ? ' service' : ' services') + (shared ? ' in this shared shortlist.' : ' in your shortlist.');
        }
        enhanceButtons();
      }
      if (shared) {
        sharedNote.hidden = false;
        sharedNote.textContent = 'Someone shared this shortlist with you.';
        save.hidden = false;
        save.addEventListener('click', function () {
          var together = cleanIds(mine().concat(slugs()));
          write(together);
          shared = null;
          save.hidden = true;
          sharedNote.textContent = 'Saved to your shortlist on this device.';
          history.replaceState(null, '', location.pathname);
          render();
        });
      }
      module.querySelector('.sg-shortlist__print').addEventListener('click', function () { window.print(); });
      module.querySelector('.sg-shortlist__share').addEventListener('click', function () {
        var link = module.getAttribute('data-page') + '?ids=' + slugs().join(',');
        linkBox.hidden = false;
        linkInput.value = link;
        linkInput.focus();
        linkInput.select();
        if (navigator.clipboard) {
          navigator.clipboard.writeText(link).then(function () {
            count.textContent = 'The link is copied. Paste it into a message to share your shortlist.';
          }, function () {});
        }
      });
      document.addEventListener('click', function (event) {
        if (!shared && event.target.classList && event.target.classList.contains('sg-shortlist-button')) render();
      });
      render();
    }).catch(function () {
      count.textContent = 'Sorry, your shortlist could not load. Check your connection and try again.';
    });
  }

  window.sgShortlist = { cleanIds: cleanIds, idsInLink: idsInLink, MOST: MOST, ID_LONGEST: ID_LONGEST, LINK_LONGEST: LINK_LONGEST };
  document.addEventListener('sg:results', enhanceButtons);
  enhanceButtons();
  document.querySelectorAll('[data-module="sg-shortlist"]').forEach(startPage);
}());
