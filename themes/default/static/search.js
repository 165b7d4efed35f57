/* sitegen search: queries the lunr index that the build made (sitegen/exports/search/lunr_index.py), in lunr.js.
   Progressive enhancement: it runs only where the page has an element with
   data-module="sg-search"; without JavaScript the page links to the browse pages instead.
   Nothing leaves the browser: the index, the result store and the postcode table are files
   of this site, and "use my location" stays on the device. */
(function () {
  'use strict';

  // ---- Tables looked up by text from the address, the device or the site's data files ----
  // Only a table's own entries count: 'constructor' or '__proto__' in a link must not find what
  // every JavaScript object inherits. (Object.prototype.hasOwnProperty.call, not Object.hasOwn,
  // which browsers before 2022 lack.)
  function own(table, key) {
    return table !== null && typeof table === 'object' && Object.prototype.hasOwnProperty.call(table, key) ? table[key] : undefined;
  }

  // ---- Words: must do exactly what sitegen/exports/search/index.py words() does (a test compares them) ----
  var TIME = /(^|[^0-9])([0-9]{1,2})[:.]([0-9]{2})(?![0-9])/g;
  function sgWords(text) {
    text = String(text).toLowerCase().normalize('NFKD').replace(/[\u0300-\u036f]/g, '');
    text = text.replace(/['\u2018\u2019\u02bc`]/g, '');
    text = text.replace(TIME, function (whole, before, hour, minutes) {
      return before + parseInt(hour, 10) + minutes;
    });
    return text.match(/[a-z0-9]+/g) || [];
  }

  // ---- The packed index back into the shape lunr.Index.load takes (twin of unpack_index) ----
  function sgUnpack(packed) {
    var fields = packed.fields, inverted = [], vectors = [], i, f, k;
    for (i = 0; i < packed.terms.length; i++) {
      var entry = Object.create(null);
      entry._index = i;
      for (f = 0; f < fields.length; f++) {
        var refs = Object.create(null), total = 0, deltas = packed.postings[i][f];
        for (k = 0; k < deltas.length; k++) { total += deltas[k]; refs[total] = {}; }
        entry[fields[f]] = refs;
      }
      inverted.push([packed.terms[i], entry]);
    }
    for (f = 0; f < fields.length; f++) {
      var rows = packed.vectors[f];
      for (i = 0; i < rows.length; i++) {
        var row = rows[i], elements = [], term = 0;
        for (k = 0; k < row[1].length; k++) { term += row[1][k]; elements.push(term, row[2][k] / 1000); }
        vectors.push([fields[f] + '/' + row[0], elements]);
      }
    }
    return { version: packed.lunr, fields: fields, fieldVectors: vectors, invertedIndex: inverted, pipeline: packed.pipeline };
  }

  // ---- A query built clause by clause, never parsed, so no input can throw ----
  // Every word must match somewhere; the last word also matches as a prefix, for typing.
  function sgSearch(index, text) {
    var words = sgWords(text).filter(function (word) { return lunr.stopWordFilter(word) !== undefined; });
    if (!words.length) return null;
    return index.query(function (query) {
      words.forEach(function (word, position) {
        var stem = lunr.stemmer(new lunr.Token(word)).toString();
        query.term(stem, {
          usePipeline: false,
          presence: lunr.Query.presence.REQUIRED,
          wildcard: position === words.length - 1 ? lunr.Query.wildcard.TRAILING : lunr.Query.wildcard.NONE
        });
      });
    });
  }

  // ---- Dates: the next session at the moment the page is read (schedule.js) ----
  function nextSession(service, store, now) {
    if (service.status !== 0) return null;
    var found = window.sgSchedule.upcoming({ sessions: service.sessions, off: service.off, terms: store.terms }, now, 1);
    return found.length ? found[0] : null;
  }

  // ---- Places and distance ----
  function milesBetween(a, b) {
    var rad = Math.PI / 180, dLat = (b[0] - a[0]) * rad, dLon = (b[1] - a[1]) * rad;
    var h = Math.sin(dLat / 2) * Math.sin(dLat / 2) +
      Math.cos(a[0] * rad) * Math.cos(b[0] * rad) * Math.sin(dLon / 2) * Math.sin(dLon / 2);
    return 3958.8 * 2 * Math.atan2(Math.sqrt(h), Math.sqrt(1 - h));
  }

  // [latitude, longitude], both numbers on the globe; anything else is no place at all.
  function isPoint(point) {
    return Array.isArray(point) && point.length === 2 && typeof point[0] === 'number' && typeof point[1] === 'number' &&
      Math.abs(point[0]) <= 90 && Math.abs(point[1]) <= 180;
  }

  // 'OX4 3QP', 'ox43qp', 'OX4', 'Banbury', or '51.75,-1.25' (from "use my location"); a place the
  // tables do not hold (or hold as something other than a point) has point null.
  function findPlace(text, places) {
    var trimmed = String(text).trim();
    if (!trimmed) return null;
    var coordinates = /^(-?\d{1,2}\.\d+),\s*(-?\d{1,3}\.\d+)$/.exec(trimmed);
    if (coordinates) {
      var here = [parseFloat(coordinates[1]), parseFloat(coordinates[2])];
      return { name: 'your location', point: isPoint(here) ? here : null };
    }
    var compact = trimmed.toUpperCase().replace(/\s+/g, '');
    var district = /^[A-Z]{1,2}[0-9][0-9A-Z]?[0-9][A-Z]{2}$/.test(compact) ? compact.slice(0, -3) : compact;
    var point = own(own(places, 'districts'), district);
    if (isPoint(point)) return { name: trimmed.toUpperCase(), point: point };
    point = own(own(places, 'areas'), sgWords(trimmed).join('-'));
    return { name: trimmed, point: isPoint(point) ? point : null };
  }

  // ---- The page ----
  var AGE_GROUPS = { babies: [0, 12], toddlers: [12, 36], preschool: [36, 60] };

  function matchesFilters(service, filters) {
    if (filters.type !== '' && service.types.indexOf(+filters.type) < 0) return false;
    if (filters.day !== '' && !service.sessions.some(function (s) { return s[0] === +filters.day; })) return false;
    if (filters.runby !== '' && service.runBy !== +filters.runby) return false;
    if (filters.free && service.pence !== 0) return false;
    var ages = own(AGE_GROUPS, filters.age);
    if (ages && (service.ageFrom >= ages[1] || service.ageTo <= ages[0])) return false;
    return true;
  }

  function rowsToServices(store) {
    return store.services.map(function (row) {
      var service = Object.create(null);
      store.keys.forEach(function (key, i) { service[key] = row[i]; });
      return service;
    });
  }

  function element(tag, className, text) {
    var node = document.createElement(tag);
    if (className) node.className = className;
    if (text !== undefined) node.textContent = text;
    return node;
  }

  // A sentence that repeats text from the address or the form ({echo: text} among its parts):
  // each echo goes in its own <bdi>, so that right-to-left letters or override characters in it
  // cannot reorder the words around it.
  function say(node, parts) {
    node.textContent = '';
    parts.forEach(function (part) {
      node.appendChild(typeof part === 'string' ? document.createTextNode(part) : element('bdi', null, part.echo));
    });
  }

  function sentenceText(parts) {
    return parts.map(function (part) { return typeof part === 'string' ? part : part.echo; }).join('');
  }

  function fact(list, label, value) {
    var row = element('div', 'sg-card__fact');
    row.appendChild(element('dt', null, label));
    row.appendChild(element('dd', null, value));
    list.appendChild(row);
  }

  function renderResult(result, store, root, now) {
    var service = result.service, item = element('li', 'sg-card');
    var title = element('h2', 'sg-card__title'), link = element('a', 'sg-card__link', service.name);
    link.href = root + 'services/' + service.slug + '/';
    title.appendChild(link);
    item.appendChild(title);
    if (service.status !== 0) {
      var status = element('p', 'sg-card__status');
      status.appendChild(element('strong', 'sg-tag', service.status === 1 ? 'Paused' : 'Closed'));
      item.appendChild(status);
    }
    var facts = element('dl', 'sg-card__facts');
    fact(facts, 'Type', service.types.map(function (t) {
      var n = String(own(store.types, t) || '');
      return n.charAt(0).toUpperCase() + n.slice(1);
    }).join(', '));
    var away = typeof result.miles === 'number' && isFinite(result.miles) ? ', ' + result.miles.toFixed(1) + ' miles away' : '';
    fact(facts, 'Where', service.area + away);
    var next = window.sgSchedule.describeNext(nextSession(service, store, now), now.day);
    fact(facts, 'Next session', next || (service.sessions.length ? 'Contact the service for dates' : 'By appointment'));
    fact(facts, 'Cost', service.cost);
    item.appendChild(facts);
    var shortlist = element('div', 'sg-card__actions');
    shortlist.setAttribute('data-module', 'sg-shortlist-button');
    shortlist.setAttribute('data-slug', service.slug);
    shortlist.setAttribute('data-name', service.name);
    item.appendChild(shortlist);
    return item;
  }

  function readFilters(form) {
    var data = new FormData(form);
    return {
      q: (data.get('q') || '').toString(),
      type: (data.get('type') || '').toString(),
      day: (data.get('day') || '').toString(),
      age: (data.get('age') || '').toString(),
      runby: (data.get('runby') || '').toString(),
      free: data.get('free') === 'yes',
      near: (data.get('near') || '').toString()
    };
  }

  function writeUrl(filters) {
    var params = new URLSearchParams();
    ['q', 'type', 'day', 'age', 'runby', 'near'].forEach(function (key) { if (filters[key]) params.set(key, filters[key]); });
    if (filters.free) params.set('free', 'yes');
    var query = params.toString();
    history.replaceState(null, '', location.pathname + (query ? '?' + query : ''));
  }

  function fillForm(form, params) {
    ['q', 'type', 'day', 'age', 'runby', 'near'].forEach(function (key) {
      if (form.elements[key] && params.has(key)) form.elements[key].value = params.get(key);
    });
    if (form.elements.free) form.elements.free.checked = params.get('free') === 'yes';
    var filters = document.getElementById('sg-filters');
    if (filters && ['type', 'day', 'age', 'runby', 'free'].some(function (key) { return params.get(key); })) filters.open = true;
  }

  function start(module) {
    var form = document.getElementById(module.getAttribute('data-form'));
    var list = module.querySelector('.sg-results__list');
    var count = module.querySelector('.sg-results__count');
    var more = module.querySelector('.sg-results__more');
    var guidance = module.querySelector('.sg-results__guidance');
    var guidanceList = module.querySelector('.sg-results__guidance-list');
    var nearMessage = document.getElementById('sg-near-message');
    var root = module.getAttribute('data-root');
    var pageSize = 50, shown = pageSize, latest = [];

    document.querySelectorAll('.sg-js-only').forEach(function (node) { node.hidden = false; });
    document.querySelectorAll('.sg-no-js').forEach(function (node) { node.hidden = true; });
    fillForm(form, new URLSearchParams(location.search));
    count.textContent = 'Loading the search…';

    Promise.all(['data-index', 'data-store', 'data-places'].map(function (attribute) {
      return fetch(module.getAttribute(attribute)).then(function (response) {
        if (!response.ok) throw new Error(response.status);
        return response.json();
      });
    })).then(function (loaded) {
      var index = lunr.Index.load(sgUnpack(loaded[0])), store = loaded[1], places = loaded[2];
      var services = rowsToServices(store);
      window.sgDirectory.loaded = { index: index, store: store };
      module.hidden = false;

      function show() {
        list.textContent = '';
        var now = window.sgSchedule.ukNow();
        latest.slice(0, shown).forEach(function (result) { list.appendChild(renderResult(result, store, root, now)); });
        more.hidden = latest.length <= shown;
        document.dispatchEvent(new CustomEvent('sg:results'));
      }

      function showGuidance(pages) {
        guidanceList.textContent = '';
        pages.forEach(function (page) {
          var item = element('li'), link = element('a', null, page[1]);
          link.href = root + 'guidance/' + page[0] + '/';
          item.appendChild(link);
          item.appendChild(document.createTextNode(': ' + page[2]));
          guidanceList.appendChild(item);
        });
        guidance.hidden = pages.length === 0;
      }

      function update(announce) {
        var began = performance.now();
        var filters = readFilters(form), results;
        var matches = sgSearch(index, filters.q), pages = [];
        if (matches === null) {
          results = services.map(function (service, i) { return { service: service, score: 0, order: i }; });
        } else {
          results = [];
          matches.forEach(function (m, i) {
            var ref = +m.ref;
            if (ref < services.length) results.push({ service: services[ref], score: m.score, order: i });
            else pages.push(store.pages[ref - services.length]);
          });
        }
        var filtering = filters.type || filters.day || filters.age || filters.runby || filters.free;
        showGuidance(filtering ? [] : pages);
        results = results.filter(function (r) { return matchesFilters(r.service, filters); });
        var place = findPlace(filters.near, places);
        nearMessage.textContent = '';
        results.forEach(function (r) {
          var at = [r.service.lat, r.service.lon];
          r.miles = place && place.point && isPoint(at) ? milesBetween(place.point, at) : null;
        });
        if (place && place.point) {
          results.sort(function (a, b) {
            if (a.miles === null) return b.miles === null ? a.order - b.order : 1;
            return b.miles === null ? -1 : a.miles - b.miles || a.order - b.order;
          });
        } else if (place) {
          say(nearMessage, ['We could not find “', { echo: place.name }, '”. Try a postcode such as OX4 3QP, a postcode district such as OX4, or a town.']);
        }
        latest = results;
        shown = pageSize;
        writeUrl(filters);
        show();
        var words = filters.q.trim() ? [' for “', { echo: filters.q.trim() }, '”'] : [];
        var nearText = place && place.point ? [', nearest to ', { echo: place.name }, ' first'] : [];
        var message = results.length === 0 ? ['No services found'].concat(words, ['. Try fewer words or fewer filters.'])
          : [results.length + (results.length === 1 ? ' service' : ' services') + ' found'].concat(words, nearText, ['.']);
        var guideCount = guidanceList.children.length;
        if (guideCount) message.push(' ' + guideCount + (guideCount === 1 ? ' guidance page matches too.' : ' guidance pages match too.'));
        if (announce || count.textContent !== sentenceText(message)) say(count, message);
        module.setAttribute('data-update-ms', (performance.now() - began).toFixed(1));
      }

      var timer = null;
      form.addEventListener('input', function () { clearTimeout(timer); timer = setTimeout(function () { update(false); }, 200); });
      form.addEventListener('change', function () { clearTimeout(timer); update(false); });
      form.addEventListener('submit', function (event) { event.preventDefault(); clearTimeout(timer); update(true); });
      more.addEventListener('click', function () {
        var first = shown;
        shown += pageSize;
        show();
        var link = list.children[first] && list.children[first].querySelector('a');
        if (link) link.focus();
      });

      var locate = document.getElementById('sg-locate');
      if (locate && navigator.geolocation) {
        locate.hidden = false;
        locate.addEventListener('click', function () {
          nearMessage.textContent = 'Finding your location…';
          navigator.geolocation.getCurrentPosition(function (position) {
            // Rounded to about a kilometre: enough to sort by distance, and not a precise location in a shared link.
            form.elements.near.value = position.coords.latitude.toFixed(2) + ',' + position.coords.longitude.toFixed(2);
            update(true);
          }, function () {
            nearMessage.textContent = 'Your location is not available. Type a postcode or a town instead.';
          }, { timeout: 10000, maximumAge: 600000 });
        });
      }
      update(true);
    }).catch(function () {
      count.textContent = 'Sorry, the search could not load. You can still browse services by area, type or day.';
      document.querySelectorAll('.sg-no-js').forEach(function (node) { node.hidden = false; });
    });
  }

  // Shared with shortlist.js, and with the tests that check this file against the Python side.
  window.sgDirectory = {
    words: sgWords, unpack: sgUnpack, search: sgSearch, nextSession: nextSession,
    rowsToServices: rowsToServices, renderResult: renderResult, findPlace: findPlace, matchesFilters: matchesFilters,
    own: own, say: say
  };
  document.querySelectorAll('[data-module="sg-search"]').forEach(start);
}());
