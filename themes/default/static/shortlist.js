/* sitegen shortlist: families save services on their own device (localStorage), see them on one
   page, print them, and share them as a link (?ids=a,b,c). No account; nothing is sent anywhere.
   Enhances [data-module="sg-shortlist-button"] (a save button) and [data-module="sg-shortlist"]
   (the shortlist page); does nothing where neither is present. */
(function () {
  'use strict';
  var KEY = 'sg-shortlist';

  function read() {
    try {
      var saved = JSON.parse(localStorage.getItem(KEY) || '[]');
      return Array.isArray(saved) ? saved.filter(function (s) { return typeof s === 'string'; }) : [];
    } catch (error) { return []; }
  }
  function write(slugs) {
    try { localStorage.setItem(KEY, JSON.stringify(slugs)); return true; } catch (error) { return false; }
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
    var shared = params.has('ids') ? params.get('ids').split(',').filter(Boolean) : null;

    fetch(module.getAttribute('data-store')).then(function (r) { return r.json(); }).then(function (store) {
      var services = directory.rowsToServices(store), bySlug = {};
      services.forEach(function (s) { bySlug[s.slug] = s; });
      function slugs() { return (shared || read()).filter(function (slug) { return bySlug[slug]; }); }
      function render() {
        var now = window.sgSchedule.ukNow(), current = slugs();
        list.textContent = '';
        current.forEach(function (slug) {
          list.appendChild(directory.renderResult({ service: bySlug[slug], miles: null }, store, module.getAttribute('data-root'), now));
        });
        count.textContent = current.length === 0 ? 'Your shortlist is empty. Use “Save to your shortlist” on a service to add it here.'
          : current.length + (current.length === 1 ? ' service' : ' services') + (shared ? ' in this shared shortlist.' : ' in your shortlist.');
        enhanceButtons();
      }
      if (shared) {
        sharedNote.hidden = false;
        sharedNote.textContent = 'Someone shared this shortlist with you.';
        save.hidden = false;
        save.addEventListener('click', function () {
          var mine = read();
          slugs().forEach(function (slug) { if (mine.indexOf(slug) < 0) mine.push(slug); });
          write(mine);
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
    });
  }

  document.addEventListener('sg:results', enhanceButtons);
  enhanceButtons();
  document.querySelectorAll('[data-module="sg-shortlist"]').forEach(startPage);
}());
