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

  // ---- Everyday words: a phrase of a synonyms group is searched as each phrase of its group ----
  // The words as typed, with each synonym phrase found in them (longest first, compared by stem,
  // stop words skipped) replaced in turn by each phrase of its group: at most MAX_VARIANTS lists.
  var MAX_VARIANTS = 24;
  function stemOf(word) { return lunr.stemmer(new lunr.Token(word)).toString(); }
  function isStopWord(word) { return lunr.stopWordFilter(word) === undefined; }
  function keyStems(words) { return words.filter(function (w) { return !isStopWord(w); }).map(stemOf); }
  var LUNR_WORDS = { stem: stemOf, isStopWord: isStopWord };  // how query.js compares words, as lunr does

  // Every synonym phrase's stems and its group, worked out once per synonyms table
  var synonymTables = new WeakMap();
  function synonymTable(synonyms) {
    if (!synonymTables.has(synonyms)) {
      var table = { stems: [], groups: [] };
      synonyms.forEach(function (group, g) {
        group.forEach(function (phrase) {
          var stems = keyStems(phrase);
          if (stems.length) { table.stems.push(stems); table.groups.push(g); }
        });
      });
      synonymTables.set(synonyms, table);
    }
    return synonymTables.get(synonyms);
  }

  function sgVariants(words, synonyms) {
    synonyms = synonyms || [];
    var table = synonymTable(synonyms), pieces = [], i = 0;
    while (i < words.length) {
      var best = isStopWord(words[i]) ? { length: 0 } : window.sgQuery.longest(words, i, table.stems, LUNR_WORDS);
      if (best.length) {
        pieces.push(synonyms[table.groups[best.index]]);
        i += best.length;
      } else {
        pieces.push([[words[i]]]);
        i++;
      }
    }
    var variants = [[]];
    pieces.forEach(function (choices) {
      var grown = [];
      variants.forEach(function (variant) {
        choices.forEach(function (choice) { if (grown.length < MAX_VARIANTS) grown.push(variant.concat(choice)); });
      });
      variants = grown;
    });
    return variants;
  }

  // ---- One query: every word required, the last also as a prefix; fuzzy: near spellings too ----
  // How far a spelling may stray: for lunr's fuzzy terms by the stem's length (short stems would
  // match too much: 'dads' is one letter from 'days'), for suggestions by the word's ('paly')
  function editDistanceFor(stem) { return stem.length >= 8 ? 2 : stem.length >= 5 ? 1 : 0; }
  function suggestDistanceFor(word) { return word.length >= 7 ? 2 : word.length >= 3 ? 1 : 0; }

  function queryWords(index, words, fuzzy) {
    words = words.filter(function (word) { return !isStopWord(word); });
    if (!words.length) return null;
    return index.query(function (query) {
      words.forEach(function (word, position) {
        var options = { usePipeline: false, presence: lunr.Query.presence.REQUIRED };
        var distance = fuzzy ? editDistanceFor(stemOf(word)) : 0;
        if (distance) options.editDistance = distance;
        else options.wildcard = position === words.length - 1 ? lunr.Query.wildcard.TRAILING : lunr.Query.wildcard.NONE;
        query.term(stemOf(word), options);
      });
    });
  }

  // Every variant's matches, each document once with its best score, best first
  var MAX_WORDS = 32;  // a link with thousands of words must not freeze the page
  function sgFind(index, text, synonyms, fuzzy) {
    var words = sgWords(text).slice(0, MAX_WORDS);
    if (!keyStems(words).length) return null;
    var best = Object.create(null), found = [];
    sgVariants(words, synonyms).forEach(function (variant) {
      (queryWords(index, variant, fuzzy) || []).forEach(function (match) {
        if (!(match.ref in best)) { best[match.ref] = match; found.push(match); }
        else if (match.score > best[match.ref].score) best[match.ref].score = match.score;
      });
    });
    return found.sort(function (a, b) { return b.score - a.score || +a.ref - +b.ref; });
  }

  // ---- Did you mean: the nearest word the directory uses, for a word it does not ----
  function distance(a, b) {  // Damerau-Levenshtein (optimal string alignment)
    var d = [], i, j;
    for (i = 0; i <= a.length; i++) { d.push([i]); }
    for (j = 1; j <= b.length; j++) d[0][j] = j;
    for (i = 1; i <= a.length; i++) {
      for (j = 1; j <= b.length; j++) {
        var cost = a[i - 1] === b[j - 1] ? 0 : 1;
        d[i][j] = Math.min(d[i - 1][j] + 1, d[i][j - 1] + 1, d[i - 1][j - 1] + cost);
        if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) d[i][j] = Math.min(d[i][j], d[i - 2][j - 2] + 1);
      }
    }
    return d[a.length][b.length];
  }

  // The words a result shows (names, types, places, summaries, synonyms) that the index holds, by
  // stem: what to suggest
  function vocabulary(index, store, services) {
    var words = Object.create(null);
    function add(text, anyway) {
      sgWords(text).forEach(function (word) {
        if (word.length < 3 || /[0-9]/.test(word) || isStopWord(word)) return;
        var stem = stemOf(word);
        // a word the index lacks would find nothing, unless a synonym of it does ('breast feeding')
        if (!anyway && !Object.prototype.hasOwnProperty.call(index.invertedIndex, stem)) return;
        if (!(stem in words) || word.length < words[stem].length) words[stem] = word;
      });
    }
    store.types.forEach(add);
    services.forEach(function (s) { add(s.name); add(s.area); add(s.summary); });
    (store.synonyms || []).forEach(function (group) { group.forEach(function (phrase) { add(phrase.join(' '), true); }); });
    return words;
  }

  // For each typed word the index does not hold (and no term starts with, for the last word), the
  // closest vocabulary word within its edit distance; null if every word is known or none is close
  function sgSuggest(index, text, words) {
    var typed = sgWords(text).slice(0, MAX_WORDS), changed = false;
    var suggested = typed.map(function (word, position) {
      if (isStopWord(word) || /[0-9]/.test(word)) return word;
      var stem = stemOf(word);
      var known = position === typed.length - 1
        ? index.tokenSet.intersect(lunr.TokenSet.fromString(stem + '*')).toArray().length > 0
        : Object.prototype.hasOwnProperty.call(index.invertedIndex, stem);
      if (known) return word;
      var limit = suggestDistanceFor(word), best = null, bestDistance = limit + 1;
      Object.keys(words).forEach(function (s) {  // the typed word against the words as records write them
        var known = words[s];
        if (Math.abs(known.length - word.length) > limit) return;
        var d = distance(word, known);
        if (d < bestDistance || (d === bestDistance && best && known < best)) { best = known; bestDistance = d; }
      });
      if (best === null || best === word) return word;
      changed = true;
      return best;
    });
    return changed ? suggested.join(' ') : null;
  }

  // The typed words that no index holds, exactly, as a prefix (the last word) or nearly spelt
  function sgUnknown(index, text, described) {
    var typed = sgWords(text).slice(0, MAX_WORDS);
    return typed.filter(function (word, position) {
      if (isStopWord(word)) return false;
      if (position === typed.length - 1 &&  // still being typed: 'abing' is the start of 'abingdon'
          index.tokenSet.intersect(lunr.TokenSet.fromString(stemOf(word) + '*')).toArray().length) return false;
      var fuzzy = lunr.TokenSet.fromFuzzyString(stemOf(word), editDistanceFor(stemOf(word)));
      return [index, described].every(function (one) {
        return !one || (!Object.prototype.hasOwnProperty.call(one.invertedIndex, stemOf(word)) &&
          one.tokenSet.intersect(fuzzy).toArray().length === 0);
      });
    });
  }

  // ---- Ranking a parent expects: running, then paused, then closed; reviewed within the year
  // before not; then nearest (with a place) or best match; then the soonest next session ----
  function sgRank(results, byDistance) {
    return results.sort(function (a, b) {
      return (a.service.status - b.service.status) ||
        ((a.service.stale || 0) - (b.service.stale || 0)) ||
        (byDistance ? compareMiles(a, b) : (a.tier || 0) - (b.tier || 0) || b.score - a.score) ||
        (a.next === b.next ? 0 : a.next === null ? 1 : b.next === null ? -1 : a.next - b.next) ||
        a.order - b.order;
    });
  }
  function compareMiles(a, b) {
    if (a.miles === null) return b.miles === null ? 0 : 1;
    return b.miles === null ? -1 : a.miles - b.miles;
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
    if (isPoint(point)) return { name: own(own(places, 'names'), sgWords(trimmed).join('-')) || trimmed, point: point };
    // a real postcode or district that the table does not hold is somewhere this directory does not cover
    var outside = /^[A-Z]{1,2}[0-9][0-9A-Z]?([0-9][A-Z]{2})?$/.test(compact) && /[0-9]/.test(district);
    return { name: outside ? trimmed.toUpperCase() : trimmed, point: null, outside: outside };
  }

  // ---- The page ----
  // a choice made in the form or understood from the words, besides the words themselves
  function hasChoices(filters) {
    return filters.type !== '' || filters.day !== '' || filters.age !== '' || filters.free || filters.runby !== '' || !!filters.near;
  }
  var RADIUS_MILES = 5;  // with a place: services this near first, the rest behind a button
  function capital(text) { return text.charAt(0).toUpperCase() + text.slice(1); }
  function ukWeekday() {  // Monday 0, as the store's sessions count
    var now = window.sgSchedule.ukNow();
    return (new Date(now.day).getUTCDay() + 6) % 7;
  }
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
    var choices = document.getElementById('sg-choices');
    var suggestion = module.querySelector('.sg-results__suggest');
    var widen = module.querySelector('.sg-results__widen');
    var root = module.getAttribute('data-root');
    var pageSize = 50, shown = pageSize, latest = [], further = [], widened = false;

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
      var words = vocabulary(index, store, services);
      // the second index (descriptions, venue facilities): fetched the first time few services match
      var described = null, moreLoading = false, pendingAnnounce = false;
      function fetchMore() {
        if (moreLoading) return;
        moreLoading = true;
        fetch(module.getAttribute('data-more')).then(function (response) {
          if (!response.ok) throw new Error(response.status);
          return response.json();
        }).then(function (packed) {
          described = lunr.Index.load(sgUnpack(packed));
          update(false);
        }).catch(function () {  // without it, the first index's results stand
          described = lunr.Index.load(sgUnpack({ lunr: lunr.version, fields: ['about'], terms: [], postings: [], vectors: [[]], pipeline: [] }));
          update(false);
        });
      }
      var known = {
        types: store.types, districts: own(places, 'districts') || {}, places: own(places, 'areas') || {},
        placeNames: own(places, 'names') || {}, synonyms: store.synonyms || [],
        stem: stemOf, isStopWord: isStopWord, today: ukWeekday()
      };

      // What the words say, understood (query.js): filters the form does not set yet, and the words left
      function effective() {
        var filters = readFilters(form);
        var understood = window.sgQuery.understand(sgWords(filters.q).slice(0, MAX_WORDS), known);
        ['type', 'day', 'age', 'near'].forEach(function (key) { if (filters[key] === '' && understood[key] !== '') filters[key] = understood[key]; });
        filters.free = filters.free || understood.free;
        filters.q = understood.found.length ? understood.rest : filters.q;
        filters.typed = understood;
        return filters;
      }

      // Move what the words say into the form's own choices, where the family sees and can change them
      function commit() {
        var filters = effective();
        if (!filters.typed.found.length) return;
        ['type', 'day', 'age', 'near'].forEach(function (key) { if (form.elements[key]) form.elements[key].value = filters[key]; });
        if (form.elements.free) form.elements.free.checked = filters.free;
        form.elements.q.value = filters.q;
      }

      // the choices (but the place, which the sentence names itself) for the results' count: ' (Free, Tuesday)'
      function chosenText(filters) {
        var labels = [];
        if (filters.type !== '' && store.types[+filters.type]) labels.push(capital(store.types[+filters.type]));
        if (filters.day !== '' && window.sgQuery.DAY_NAMES[+filters.day]) labels.push(window.sgQuery.DAY_NAMES[+filters.day]);
        if (own(window.sgQuery.AGE_LABELS, filters.age)) labels.push(window.sgQuery.AGE_LABELS[filters.age]);
        if (filters.free) labels.push('Free');
        if (filters.runby !== '' && store.runBy[+filters.runby]) labels.push('run by: ' + store.runBy[+filters.runby]);
        return labels.length ? [' (' + labels.join(', ') + ')'] : [];
      }

      function showChoices(filters) {
        choices.textContent = '';
        var chosen = [];
        if (filters.type !== '' && store.types[+filters.type]) chosen.push(['type', capital(store.types[+filters.type])]);
        if (filters.day !== '' && window.sgQuery.DAY_NAMES[+filters.day]) chosen.push(['day', window.sgQuery.DAY_NAMES[+filters.day]]);
        if (own(window.sgQuery.AGE_LABELS, filters.age)) chosen.push(['age', window.sgQuery.AGE_LABELS[filters.age]]);
        if (filters.free) chosen.push(['free', 'Free']);
        if (filters.runby !== '' && store.runBy[+filters.runby]) chosen.push(['runby', 'Run by: ' + store.runBy[+filters.runby]]);
        if (filters.near) chosen.push(['near', 'Near ' + filters.near]);
        choices.hidden = chosen.length === 0;
        if (!chosen.length) return;
        choices.appendChild(element('h2', 'sg-choices__title', 'Searching for'));
        var items = element('ul', 'sg-choices__list');
        chosen.forEach(function (choice) {
          var item = element('li', 'sg-choices__item');
          var button = element('button', 'sg-choices__remove');
          button.type = 'button';
          button.setAttribute('data-choice', choice[0]);
          button.appendChild(element('span', 'sg-visually-hidden', 'Remove '));
          button.appendChild(element('bdi', null, choice[1]));
          button.appendChild(element('span', 'sg-choices__cross', '\u00d7'));
          button.lastChild.setAttribute('aria-hidden', 'true');
          item.appendChild(button);
          items.appendChild(item);
        });
        choices.appendChild(items);
      }

      choices.addEventListener('click', function (event) {
        var button = event.target.closest ? event.target.closest('button[data-choice]') : null;
        if (!button) return;
        commit();
        var key = button.getAttribute('data-choice');
        if (key === 'free') form.elements.free.checked = false;
        else if (form.elements[key]) form.elements[key].value = '';
        update(true);
        var next = choices.querySelector('button[data-choice]');
        (next || form.elements.q).focus();
      });

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
        writeUrl(readFilters(form));  // the address holds the choices at once, results or not
        var typed = effective(), corrected = null;
        var found = resultsFor(typed);
        if (found.pending) {  // the descriptions' index is on its way; update() runs again when it comes
          count.textContent = 'Searching the descriptions too…';
          pendingAnnounce = pendingAnnounce || announce;
          return;
        }
        announce = announce || pendingAnnounce;
        pendingAnnounce = false;
        // nothing for the words as typed, but something for the nearest words the directory uses
        // ('toddlr group', 'bicster', 'brest feeding'): show those, and say so
        if (found.exact === 0 && typed.q.trim()) {
          var better = sgSuggest(index, typed.q, words);
          if (better) {
            var saved = form.elements.q.value;
            form.elements.q.value = better;
            var second = effective();
            form.elements.q.value = saved;
            var again = resultsFor(second);
            if (again.results.length) { corrected = { from: typed.q.trim(), to: better }; found = again; typed = second; }
          }
        }
        // still nothing: leave out the words no service uses at all ('antenatal class': no record says
        // 'class'), and say which
        if (!found.results.length && typed.q.trim()) {
          var unknown = sgUnknown(index, typed.q, described);
          var kept = sgWords(typed.q).slice(0, MAX_WORDS).filter(function (w) { return unknown.indexOf(w) < 0; });
          if (unknown.length && (hasChoices(typed) || kept.some(function (w) { return !isStopWord(w); }))) {
            var fewer = Object.assign({}, typed, { q: kept.join(' ') });
            var third = resultsFor(fewer);
            if (third.results.length) { corrected = { from: typed.q.trim(), to: fewer.q, left: unknown }; found = third; typed = fewer; }
          }
        }
        // and still nothing, with choices made: the services that match the choices, said plainly
        if (!found.results.length && typed.q.trim() && hasChoices(typed)) {
          var choicesOnly = Object.assign({}, typed, { q: '' });
          var fourth = resultsFor(choicesOnly);
          if (fourth.results.length) { corrected = { from: typed.q.trim(), to: '', left: sgWords(typed.q) }; found = fourth; typed = choicesOnly; }
        }
        render(found, typed, corrected, announce);
        module.setAttribute('data-update-ms', (performance.now() - began).toFixed(1));
      }

      function resultsFor(filters) {
        var results, pages = [], byRef = Object.create(null), exact = 0;
        // tier: 0 the first index, 1 the descriptions, 2 near spellings: each ranks below the one before
        function collect(matches, order, tier) {
          matches.forEach(function (m, i) {
            var ref = +m.ref;
            if (ref in byRef) return;
            byRef[ref] = true;
            if (ref < services.length) results.push({ service: services[ref], score: m.score, order: order + i, tier: tier });
            else pages.push(store.pages[ref - services.length]);
          });
        }
        var matches = sgFind(index, filters.q, store.synonyms, false), fuzzy = false;
        if (matches === null) {
          results = services.map(function (service, i) { return { service: service, score: 0, order: i, tier: 0 }; });
          exact = results.length;
        } else {
          results = [];
          collect(matches, 0, 0);
          exact = matches.length;
          // few matches: the descriptions too, then words spelt nearly the same ("todler"), after them
          var few = function () { return results.filter(function (r) { return matchesFilters(r.service, filters); }).length < 3; };
          if (few()) {
            if (described) {
              var inDescriptions = sgFind(described, filters.q, store.synonyms, false) || [];
              collect(inDescriptions, results.length + pages.length, 1);
              exact += inDescriptions.length;
            } else {
              fetchMore();
              return { pending: true };
            }
          }
          if (few()) {
            var before = results.length;
            collect(sgFind(index, filters.q, store.synonyms, true) || [], results.length + pages.length, 2);
            if (described) collect(sgFind(described, filters.q, store.synonyms, true) || [], results.length + pages.length, 2);
            fuzzy = results.length > before;
          }
        }
        results = results.filter(function (r) { return matchesFilters(r.service, filters); });
        return { results: results, pages: pages, exact: exact, fuzzy: fuzzy };
      }

      function render(found, filters, corrected, announce) {
        var results = found.results;
        var filtering = filters.type || filters.day || filters.age || filters.runby || filters.free;
        showGuidance(filtering ? [] : found.pages);
        var place = findPlace(filters.near, places), now = window.sgSchedule.ukNow();
        nearMessage.textContent = '';
        results.forEach(function (r) {
          var at = [r.service.lat, r.service.lon];
          r.miles = place && place.point && isPoint(at) ? milesBetween(place.point, at) : null;
          var next = nextSession(r.service, store, now);
          r.next = next ? next.day + next.session[1] * 60000 : null;
        });
        sgRank(results, !!(place && place.point));
        further = [];
        var within = null;
        if (place && place.point) {
          // those known to be further away wait behind a button; those with no position stay
          // as the page shows distances (to a tenth of a mile): '5.0 miles away' is within 5 miles
          var inside = function (r) { return r.miles !== null && Math.round(r.miles * 10) <= RADIUS_MILES * 10; };
          within = results.filter(inside);
          if (within.length && !widened) {
            further = results.filter(function (r) { return r.miles !== null && !inside(r); });
            results = results.filter(function (r) { return further.indexOf(r) < 0; });
          }
        } else if (place && place.outside) {
          say(nearMessage, ['“', { echo: place.name }, '” is outside the area this directory covers, so services are not sorted by distance.']);
        } else if (place) {
          say(nearMessage, ['We could not find “', { echo: place.name }, '”. Try a postcode such as OX4 3QP, a postcode district such as OX4, or a town.']);
        }
        latest = results;
        shown = pageSize;
        showChoices(filters);
        show();
        widen.hidden = further.length === 0;
        if (further.length) widen.textContent = 'Show ' + further.length + ' more ' + (further.length === 1 ? 'service' : 'services') + ' further than ' + RADIUS_MILES + ' miles away';
        var said = filters.q.trim() ? [' for “', { echo: filters.q.trim() }, '”'] : [];
        var message;
        var after = [];
        if (corrected !== null && corrected.left && !corrected.to) { said = []; after = ['; none of them mentions “', { echo: corrected.left.join(' ') }, '”']; }
        else if (corrected !== null && corrected.left) said = [' for “', { echo: corrected.to }, '” (no service mentions “', { echo: corrected.left.join(' ') }, '”)'];
        else if (corrected !== null) said = [' for “', { echo: corrected.to }, '”, the nearest words we know to “', { echo: corrected.from }, '”'];
        if (results.length === 0) {
          message = ['No services found'].concat(said, ['. Try fewer words or fewer filters.']);
        } else if (place && place.point && within && within.length === 0) {
          message = ['No services found within ' + RADIUS_MILES + ' miles of ', { echo: place.name }, '. ' + results.length + (results.length === 1 ? ' service' : ' services') + ' found'].concat(said, [', nearest first: the nearest is ' + results[0].miles.toFixed(1) + ' miles away.']);
        } else {
          var nearText = place && place.point ? (further.length ? [' within ' + RADIUS_MILES + ' miles of ', { echo: place.name }, ', nearest first'] : [', nearest to ', { echo: place.name }, ' first']) : [];
          message = [results.length + (results.length === 1 ? ' service' : ' services') + ' found'].concat(said, chosenText(filters), nearText, after, ['.']);
        }
        var guideCount = guidanceList.children.length;
        if (guideCount) message.push(' ' + guideCount + (guideCount === 1 ? ' guidance page matches too.' : ' guidance pages match too.'));
        if (announce || count.textContent !== sentenceText(message)) say(count, message);
        showSuggestion(filters, corrected === null && (found.fuzzy || results.length === 0));
      }

      // "Did you mean toddler?": a link that searches the nearest words the directory uses
      function showSuggestion(filters, needed) {
        suggestion.textContent = '';
        var better = needed && filters.q.trim() ? sgSuggest(index, filters.q, words) : null;
        suggestion.hidden = !better;
        if (!better) return;
        var params = new URLSearchParams(location.search);
        params.set('q', better);
        var link = element('a', null);
        link.href = location.pathname + '?' + params.toString();
        link.appendChild(element('bdi', null, better));
        suggestion.appendChild(document.createTextNode('Did you mean '));
        suggestion.appendChild(link);
        suggestion.appendChild(document.createTextNode('?'));
      }

      var timer = null;
      form.addEventListener('input', function () { clearTimeout(timer); timer = setTimeout(function () { update(false); }, 200); });
      form.addEventListener('change', function () { clearTimeout(timer); update(false); });
      form.addEventListener('input', function () { widened = false; });
      form.addEventListener('submit', function (event) { event.preventDefault(); clearTimeout(timer); commit(); widened = false; update(true); });
      widen.addEventListener('click', function () {
        var first = latest.length;
        widened = true;
        update(false);
        var link = list.children[first] && list.children[first].querySelector('a');
        if (link) link.focus();
      });
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
      commit();  // a phrase from the home page's box arrives as words: show it as choices
      update(true);
    }).catch(function () {
      count.textContent = 'Sorry, the search could not load. You can still browse services by area, type or day.';
      document.querySelectorAll('.sg-no-js').forEach(function (node) { node.hidden = false; });
    });
  }

  // Shared with shortlist.js, and with the tests that check this file against the Python side.
  window.sgDirectory = {
    words: sgWords, unpack: sgUnpack, search: sgSearch, find: sgFind, variants: sgVariants, suggest: sgSuggest,
    rank: sgRank, vocabulary: vocabulary, nextSession: nextSession,
    rowsToServices: rowsToServices, renderResult: renderResult, findPlace: findPlace, matchesFilters: matchesFilters,
    own: own, say: say
  };
  document.querySelectorAll('[data-module="sg-search"]').forEach(start);
}());
