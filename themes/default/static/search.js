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

  // ---- What an index knows: asked of a whole lunr index, or of a shard source's (sgLazy) ----
  // A lazy index answers only once the shards these questions need have come; until then it
  // notes them, says no, and settle() (called by the page) sends for them and starts again.
  function knows(index, stem) {
    if (typeof index.knows === 'function') return index.knows(stem, 'exact');
    return Object.prototype.hasOwnProperty.call(index.invertedIndex, stem);
  }
  function knowsPrefix(index, stem) {
    if (typeof index.knows === 'function') return index.knows(stem, 'prefix');
    return index.tokenSet.intersect(lunr.TokenSet.fromString(stem + '*')).toArray().length > 0;
  }
  function knowsNear(index, stem, edits) {
    if (typeof index.knows === 'function') return index.knows(stem, 'near', edits);
    return index.tokenSet.intersect(lunr.TokenSet.fromFuzzyString(stem, edits)).toArray().length > 0;
  }

  // For each typed word the index does not hold (and no term starts with, for the last word), the
  // closest vocabulary word within its edit distance; null if every word is known or none is close
  function sgSuggest(index, text, words) {
    var typed = sgWords(text).slice(0, MAX_WORDS), changed = false;
    var suggested = typed.map(function (word, position) {
      if (isStopWord(word) || /[0-9]/.test(word)) return word;
      var stem = stemOf(word);
      var known = position === typed.length - 1 ? knowsPrefix(index, stem) : knows(index, stem);
      if (known) return word;
      var limit = suggestDistanceFor(word), best = null, bestDistance = limit + 1;
      Object.keys(words).forEach(function (s) {  // the typed word against the words as records write them
        var known = own(words, s);
        if (typeof known !== 'string') return;
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
      var stem = stemOf(word);
      if (position === typed.length - 1 && knowsPrefix(index, stem)) return false;  // still being typed: 'abing' is the start of 'abingdon'
      return [index, described].every(function (one) {
        return !one || (!knows(one, stem) && !knowsNear(one, stem, editDistanceFor(stem)));
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

  // ---- The columns (sitegen/exports/search/columns.py): one object per service ----
  var DIGITS = '0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ';
  function base62(text, at, width) {
    var number = 0;
    for (var i = 0; i < width; i++) number = number * 62 + DIGITS.indexOf(text.charAt(at + i));
    return number;
  }
  // A table-coded column: each service's value from its fixed-width number into the distinct values
  function tableColumn(column, count) {
    var values = [], width = column.width;
    for (var i = 0; i < count; i++) values.push(column.values[base62(column.ids, i * width, width)]);
    return values;
  }
  // The sessions column: how many each service has, each session's weekday, and its number into
  // the distinct sessions (without their weekday), back into [weekday, start, end, ...] lists
  function sessionsColumn(column, count) {
    var lists = [], width = column.width, at = 0;
    for (var i = 0; i < count; i++) {
      var many = base62(column.counts, i, 1), list = [];
      for (var k = 0; k < many; k++, at++) {
        var rest = column.values[base62(column.ids, at * width, width)];
        if (Array.isArray(rest)) list.push([+column.days.charAt(at)].concat(rest));
      }
      lists.push(list);
    }
    return lists;
  }
  var TABLE_COLUMNS = ['types', 'runBy', 'pence', 'ageFrom', 'ageTo', 'status', 'stale', 'off'];
  // Every service as the page reads it; what a card shows besides (slug, name, area, cost) and the
  // venue's position come later, from their own files, as they are needed.
  function sgServices(data) {
    var count = data.count, services = [], decoded = Object.create(null);
    TABLE_COLUMNS.forEach(function (key) { decoded[key] = tableColumn(data.columns[key], count); });
    var sessions = sessionsColumn(data.columns.sessions, count);
    for (var i = 0; i < count; i++) {
      var service = Object.create(null);
      service.ref = i;
      TABLE_COLUMNS.forEach(function (key) { service[key] = decoded[key][i]; });
      service.sessions = sessions[i];
      service.slug = service.name = service.area = service.cost = null;
      // where the venue is: 'later' until its positions cell comes, 'none' if the record gives none
      service.lat = service.lon = null;
      service.position = 'later';
      services.push(service);
    }
    (data.positions.none || []).forEach(function (ref) { if (services[ref]) services[ref].position = 'none'; });
    return services;
  }
  // A results file's rows ([slug, name, area, cost]) onto the services they describe, from ``first``
  function addRows(services, first, rows) {
    rows.forEach(function (row, i) {
      var service = services[first + i];
      if (!service || !Array.isArray(row)) return;
      service.slug = String(row[0]); service.name = String(row[1]); service.area = String(row[2]); service.cost = String(row[3]);
    });
  }
  // A positions cell's venues onto their services (refs delta-coded, positions in ten-thousandths)
  function addPositions(services, scale, cell) {
    var ref = 0;
    cell.refs.forEach(function (delta, i) {
      ref += delta;
      var service = services[ref], lat = cell.lat[i], lon = cell.lon[i];
      if (!service || typeof lat !== 'number' || typeof lon !== 'number') return;
      service.lat = lat / scale; service.lon = lon / scale; service.position = 'here';
    });
  }
  // Miles from a point to the nearest edge of a cell ([south, west, north, east] in ten-thousandths); 0 inside
  function milesToCell(point, cell, scale) {
    var lat = Math.min(Math.max(point[0], cell[0] / scale), cell[2] / scale);
    var lon = Math.min(Math.max(point[1], cell[1] / scale), cell[3] / scale);
    return milesBetween(point, [lat, lon]);
  }

  // The name of the results file holding service n * size onwards
  function resultsFile(store, n) { return 'results/' + n + '.json?v=' + encodeURIComponent(store.results.version); }

  // The cards' text (slug, name, area, cost) of these services, from the results files that have
  // come; null if every one has it, else the results files still on their way, as one promise
  function sgCards(files, store, services, chosen) {
    var size = store.results.size, missing = [];
    chosen.forEach(function (service) {
      if (service.name !== null) return;
      var n = Math.floor(service.ref / size), file = files.file(resultsFile(store, n));
      if (file.value !== undefined) addRows(services, n * size, file.value);
      else if (missing.indexOf(file.promise) < 0) missing.push(file.promise);
    });
    return missing.length ? Promise.all(missing) : null;
  }

  // ---- The search's files, each fetched once, when first needed ----
  // fetchJson(url) -> Promise of the parsed file; names in columns.json are relative to it.
  // ``base`` is columns.json's absolute address.
  function sgFiles(base, fetchJson) {
    var cache = Object.create(null), got = Object.create(null);
    function file(name) {
      var url = new URL(name, base).href;
      if (!(url in cache)) {
        cache[url] = fetchJson(url).then(function (value) { got[url] = value; return value; });
        cache[url].catch(function () { delete cache[url]; });  // a failed fetch is tried again next time
      }
      return { promise: cache[url], value: url in got ? got[url] : undefined };
    }
    return { file: file };
  }

  // Thrown when what a search needs is on its way; the page waits for it and works the search out again
  var NEED = { need: 'data on its way' };

  // A shard source (shards.js) as an index the page's own code can query as if it were whole: what
  // it has not loaded it notes and answers with nothing, until settle() sends for it.
  function sgLazy(source) {
    var wanted = [];
    function clausesOf(fn) { return source.clauses(function (probe) { probe.query(fn); }); }
    function termClauses(stem, kind, edits) {
      return clausesOf(function (q) {
        var options = { usePipeline: false };
        if (kind === 'prefix') options.wildcard = lunr.Query.wildcard.TRAILING;
        if (kind === 'near' && edits) options.editDistance = edits;
        q.term(stem, options);
      });
    }
    var lazy = {
      query: function (fn) {
        var clauses = clausesOf(fn);
        if (!source.ready(clauses)) { wanted.push.apply(wanted, clauses); return []; }
        return source.index().query(fn);
      },
      knows: function (stem, kind, edits) {
        var clauses = termClauses(stem, kind, edits);
        if (!source.ready(clauses)) { wanted.push.apply(wanted, clauses); return false; }
        var index = source.index();
        if (kind === 'exact') return Object.prototype.hasOwnProperty.call(index.invertedIndex, stem);
        var set = kind === 'prefix' ? lunr.TokenSet.fromString(stem + '*') : lunr.TokenSet.fromFuzzyString(stem, edits || 0);
        return index.tokenSet.intersect(set).toArray().length > 0;
      },
      // what the questions since the last call need, on its way; null if nothing is missing
      fetchWanted: function () {
        if (!wanted.length) return null;
        return source.indexFor(wanted.splice(0));
      }
    };
    return lazy;
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

  function fetchJson(url) {
    return fetch(url).then(function (response) {
      if (!response.ok) throw new Error(response.status);
      return response.json();
    });
  }

  // Work ``compute`` out; while it throws NEED, wait for what it sent for and work it out again.
  // Each round fetches more of what it needs (shards, columns, words), so rounds are few.
  function settle(compute, waiting) {
    try {
      return Promise.resolve(compute());
    } catch (error) {
      if (error !== NEED) return Promise.reject(error);
      var promises = waiting.splice(0);
      if (!promises.length) return Promise.reject(new Error('search: waiting for nothing'));
      return Promise.all(promises).then(function () { return settle(compute, waiting); });
    }
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
    var pageSize = 10, shown = pageSize, latest = [], further = [], widened = false;

    document.querySelectorAll('.sg-js-only').forEach(function (node) { node.hidden = false; });
    document.querySelectorAll('.sg-no-js').forEach(function (node) { node.hidden = true; });
    fillForm(form, new URLSearchParams(location.search));
    count.textContent = 'Loading the search…';

    function address(attribute) { return new URL(module.getAttribute(attribute), location.href).href; }
    var files = sgFiles(address('data-columns'), fetchJson);
    Promise.all([
      files.file(address('data-columns')).promise,
      files.file(address('data-places')).promise,
      window.sgShards.open(address('data-index'), fetchJson)
    ]).then(function (loaded) {
      var store = loaded[0], places = loaded[1];
      var services = sgServices(store);
      var index = sgLazy(loaded[2]);
      var described = null, describedSource = null;  // the descriptions' index: opened the first time few services match
      var waiting = [];  // what the search being worked out has sent for
      window.sgDirectory.loaded = { store: store, services: services };
      module.hidden = false;

      // What a search needs and does not have yet: note it, and start again when it comes
      function need(file) {
        if (file.value !== undefined) return file.value;
        waiting.push(file.promise);
        throw NEED;
      }
      function settleIndexes() {
        [index, described].forEach(function (one) {
          var coming = one && one.fetchWanted();
          if (coming) waiting.push(coming);
        });
        if (waiting.length) throw NEED;
      }
      function describedIndex() {
        if (described) return described;
        if (!describedSource) {
          describedSource = window.sgShards.open(address('data-more'), fetchJson).then(function (source) {
            described = sgLazy(source);
          }, function (error) { describedSource = null; throw error; });
        }
        waiting.push(describedSource);
        throw NEED;
      }
      function cardsFor(results) {
        return sgCards(files, store, services, results.map(function (r) { return r.service; }));
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

      // The cards for the first ``shown`` results, once their text has come
      function show() {
        var coming = cardsFor(latest.slice(0, shown));
        if (coming) return coming.then(show);
        list.textContent = '';
        var now = window.sgSchedule.ukNow();
        latest.slice(0, shown).forEach(function (result) { list.appendChild(renderResult(result, store, root, now)); });
        more.hidden = latest.length <= shown;
        document.dispatchEvent(new CustomEvent('sg:results'));
        return Promise.resolve();
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

      // The search as the words and choices stand: what to show, worked out (settle() repeats it
      // until every shard and file it needs has come)
      function decide() {
        var typed = effective(), corrected = null;
        var found = resultsFor(typed);
        // nothing for the words as typed, but something for the nearest words the directory uses
        // ('toddlr group', 'bicster', 'brest feeding'): show those, and say so
        if (found.exact === 0 && typed.q.trim()) {
          var better = sgSuggest(index, typed.q, need(files.file(store.files.words)));
          settleIndexes();
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
          var unknown = sgUnknown(index, typed.q, describedIndex());
          settleIndexes();
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
        var place = findPlace(typed.near, places);
        if (place && place.point && found.results.length) {
          positionsNear(place.point, widened);
          // none within reach: every position, to say how far the nearest is
          if (!found.results.some(function (r) { return r.service.position === 'here' && Math.round(milesBetween(place.point, [r.service.lat, r.service.lon]) * 10) <= RADIUS_MILES * 10; })) {
            positionsNear(place.point, true);
          }
        }
        var better = null;
        if (corrected === null && (found.fuzzy || found.results.length === 0) && typed.q.trim()) {
          better = sgSuggest(index, typed.q, need(files.file(store.files.words)));
          settleIndexes();
        }
        return { found: found, typed: typed, corrected: corrected, place: place, suggestion: better };
      }

      // The positions cells within reach of a point (all of them if ``everywhere``), fetched
      // once: services in the others are known to be further than RADIUS_MILES
      var placedCells = [];
      function positionsNear(point, everywhere) {
        var grid = store.positions, missing = false;
        grid.cells.forEach(function (cell, n) {
          if (placedCells[n] || (!everywhere && milesToCell(point, cell, grid.scale) > RADIUS_MILES + 1)) return;
          var file = files.file('positions/' + n + '.json?v=' + encodeURIComponent(grid.version));
          if (file.value === undefined) { waiting.push(file.promise); missing = true; return; }
          addPositions(services, grid.scale, file.value);
          placedCells[n] = true;
        });
        if (missing) throw NEED;
      }

      var latestUpdate = 0;
      function update(announce) {
        var began = performance.now(), mine = ++latestUpdate;
        writeUrl(readFilters(form));  // the address holds the choices at once, results or not
        return settle(decide, waiting).then(function (decided) {
          if (mine !== latestUpdate) return null;  // a newer search has started
          return render(decided, announce).then(function () {
            if (mine === latestUpdate) module.setAttribute('data-update-ms', (performance.now() - began).toFixed(1));
          });
        }).catch(function () {
          waiting.length = 0;
          if (mine !== latestUpdate) return;
          count.textContent = 'Sorry, the search could not load. Check your connection and search again, or browse services by area, type or day.';
        });
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
            else if (store.pages[ref - services.length]) pages.push(store.pages[ref - services.length]);
          });
        }
        var matches = sgFind(index, filters.q, store.synonyms, false), fuzzy = false;
        settleIndexes();
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
            var inDescriptions = sgFind(describedIndex(), filters.q, store.synonyms, false) || [];
            settleIndexes();
            collect(inDescriptions, results.length + pages.length, 1);
            exact += inDescriptions.length;
          }
          if (few()) {
            var before = results.length;
            var near = sgFind(index, filters.q, store.synonyms, true) || [];
            var nearDescribed = sgFind(describedIndex(), filters.q, store.synonyms, true) || [];
            settleIndexes();
            collect(near, results.length + pages.length, 2);
            collect(nearDescribed, results.length + pages.length, 2);
            fuzzy = results.length > before;
          }
        }
        results = results.filter(function (r) { return matchesFilters(r.service, filters); });
        return { results: results, pages: pages, exact: exact, fuzzy: fuzzy };
      }

      function render(decided, announce) {
        var found = decided.found, filters = decided.typed, corrected = decided.corrected, place = decided.place;
        var results = found.results;
        var filtering = filters.type || filters.day || filters.age || filters.runby || filters.free;
        var now = window.sgSchedule.ukNow();
        results.forEach(function (r) {
          var at = [r.service.lat, r.service.lon];
          r.miles = place && place.point && isPoint(at) ? milesBetween(place.point, at) : null;
          var next = nextSession(r.service, store, now);
          r.next = next ? next.day + next.session[1] * 60000 : null;
        });
        sgRank(results, !!(place && place.point));
        var hidden = [], within = null;
        if (place && place.point) {
          // those known to be further away wait behind a button; those with no position stay
          // as the page shows distances (to a tenth of a mile): '5.0 miles away' is within 5 miles
          // (a service whose positions cell has not come is further: cells within reach have come)
          var inside = function (r) { return r.miles !== null && Math.round(r.miles * 10) <= RADIUS_MILES * 10; };
          within = results.filter(inside);
          if (within.length && !widened) {
            hidden = results.filter(function (r) { return (r.miles !== null && !inside(r)) || r.service.position === 'later'; });
            results = results.filter(function (r) { return hidden.indexOf(r) < 0; });
          }
        }
        // the first page's cards need their text: fetch it before changing anything on the page
        var coming = cardsFor(results.slice(0, pageSize));
        if (coming) return coming.then(function () { return render(decided, announce); });

        showGuidance(filtering ? [] : found.pages);
        nearMessage.textContent = '';
        if (place && !place.point && place.outside) {
          say(nearMessage, ['“', { echo: place.name }, '” is outside the area this directory covers, so services are not sorted by distance.']);
        } else if (place && !place.point) {
          say(nearMessage, ['We could not find “', { echo: place.name }, '”. Try a postcode such as OX4 3QP, a postcode district such as OX4, or a town.']);
        }
        further = hidden;
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
        showSuggestion(decided.suggestion);
        return Promise.resolve();
      }

      // "Did you mean toddler?": a link that searches the nearest words the directory uses
      function showSuggestion(better) {
        suggestion.textContent = '';
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
        update(false).then(function () {
          var link = list.children[first] && list.children[first].querySelector('a');
          if (link) link.focus();
        });
      });
      more.addEventListener('click', function () {
        var first = shown;
        shown += pageSize;
        show().then(function () {
          var link = list.children[first] && list.children[first].querySelector('a');
          if (link) link.focus();
        });
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
    rank: sgRank, nextSession: nextSession, unknown: sgUnknown, services: sgServices, addRows: addRows,
    addPositions: addPositions, milesToCell: milesToCell, cards: sgCards, files: sgFiles, lazy: sgLazy, fetchJson: fetchJson,
    renderResult: renderResult, findPlace: findPlace, matchesFilters: matchesFilters,
    own: own, say: say
  };
  document.querySelectorAll('[data-module="sg-search"]').forEach(start);
}());
