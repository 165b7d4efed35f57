/* sitegen search: what a parent types, understood. "free baby group near OX16 on a Tuesday" is a type
   (baby group), a day (Tuesday), a cost (free) and a place (OX16); "messy play banbury saturday" a
   type, a place and a day. understand() finds those in the words and returns them as the search
   page's filters, with the words left over for the keyword search. It is pure (no page, no
   network), so tests run it in Node with the real lunr.js stemmer.

   Input: the words as search.js's sgWords() cuts them (lowercase letters and digits) and what the
   site knows: its service types, postcode districts, places (slug -> position), synonyms, and
   lunr's stemmer and stop word filter. Output: { type, day, age, free, near, rest, found } where
   found lists each understood choice with the words it came from, in the order typed. */
(function () {
  'use strict';

  // maps without prototypes: a word such as 'constructor' must find nothing in them
  function map(entries) {
    var made = Object.create(null);
    Object.keys(entries).forEach(function (key) { made[key] = entries[key]; });
    return made;
  }
  function has(table, key) { return Object.prototype.hasOwnProperty.call(table, key); }

  var DAYS = map({
    monday: 0, mondays: 0, mon: 0,
    tuesday: 1, tuesdays: 1, tue: 1, tues: 1,
    wednesday: 2, wednesdays: 2, wed: 2, weds: 2,
    thursday: 3, thursdays: 3, thu: 3, thur: 3, thurs: 3,
    friday: 4, fridays: 4, fri: 4,
    saturday: 5, saturdays: 5, sat: 5,
    sunday: 6, sundays: 6
  });
  var DAY_NAMES = ['Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday', 'Sunday'];
  var AGE_LABELS = { babies: 'Babies (under 1)', toddlers: 'Toddlers (1 to 3)', preschool: 'Pre-school (3 to 5)' };
  var AGE_WORDS = map({
    baby: 'babies', babies: 'babies', newborn: 'babies', newborns: 'babies',
    toddler: 'toddlers', toddlers: 'toddlers', preschool: 'preschool', preschooler: 'preschool', preschoolers: 'preschool'
  });
  var NUMBERS = map({ one: 1, two: 2, three: 3, four: 4, five: 5 });
  var PLACE_INTRO = map({ near: 1, in: 1, around: 1, at: 1, nearby: 1 });
  var NOT_COST = map({ step: 1, gluten: 1, dairy: 1, nut: 1, sugar: 1, smoke: 1, scent: 1, car: 1, stress: 1 });
  // words after which an unknown place ends: "near Timbuktu on a Tuesday"
  var PLACE_END = map({ on: 1, for: 1, with: 1, free: 1, every: 1, this: 1, next: 1, and: 1, or: 1 });
  var DISTRICT = /^[a-z]{1,2}[0-9][0-9a-z]?$/, INWARD = /^[0-9][a-z]{2}$/;

  function titleCase(words) {
    return words.map(function (w) { return w.charAt(0).toUpperCase() + w.slice(1); }).join(' ');
  }

  function number(word) {
    if (NUMBERS[word]) return NUMBERS[word];
    var found = /^([0-9]{1,2})s?$/.exec(word);
    return found ? parseInt(found[1], 10) : null;
  }

  // The words of a phrase that lunr searches (stop words such as 'and' left out), stemmed
  function stems(words, known) {
    return words.filter(function (w) { return !known.isStopWord(w); }).map(known.stem);
  }

  // How many words from ``at`` spell ``wanted`` (stems), skipping stop words between; 0 if they don't
  function spells(tokens, at, wanted, known) {
    var i = at, k = 0;
    while (k < wanted.length && i < tokens.length) {
      if (known.isStopWord(tokens[i]) && k > 0) { i++; continue; }
      if (known.stem(tokens[i]) !== wanted[k]) return 0;
      i++; k++;
    }
    return k === wanted.length && wanted.length ? i - at : 0;
  }

  // The longest of ``phrases`` (each a list of stems) that the words from ``at`` spell: its length
  // in words and its index (search.js finds synonym phrases with it too)
  function longest(tokens, at, phrases, known) {
    var best = { length: 0, index: -1 };
    phrases.forEach(function (phrase, index) {
      var length = spells(tokens, at, phrase, known);
      if (length > best.length) best = { length: length, index: index };
    });
    return best;
  }

  // A place from ``at``: a postcode, a district the site knows, or a place name (up to 4 words)
  function place(tokens, at, known, introduced) {
    var word = tokens[at];
    if (DISTRICT.test(word) && at + 1 < tokens.length && INWARD.test(tokens[at + 1])) {
      return { length: 2, near: (word + ' ' + tokens[at + 1]).toUpperCase() };
    }
    if (DISTRICT.test(word) && /[0-9]/.test(word) && (has(known.districts, word.toUpperCase()) || introduced)) {
      return { length: 1, near: word.toUpperCase() };
    }
    for (var length = Math.min(4, tokens.length - at); length > 0; length--) {
      var slug = tokens.slice(at, at + length).join('-');
      if (has(known.places, slug)) {
        var name = known.placeNames && has(known.placeNames, slug) ? known.placeNames[slug] : titleCase(tokens.slice(at, at + length));
        return { length: length, near: name };
      }
    }
    return null;
  }

  // The stems of the type names and of the synonym phrases of two or more words, worked out once
  // per site (understand() runs on every key a family types)
  var prepared = new WeakMap();
  function prepare(known) {
    if (!prepared.has(known)) {
      var phrases = [];
      (known.synonyms || []).forEach(function (group) {
        group.forEach(function (words) { var found = stems(words, known); if (found.length > 1) phrases.push(found); });
      });
      prepared.set(known, {
        typeStems: known.types.map(function (name) { return stems(name.toLowerCase().match(/[a-z0-9]+/g) || [], known); }),
        phrases: phrases
      });
    }
    return prepared.get(known);
  }

  function understand(tokens, known) {
    var out = { type: '', day: '', age: '', free: false, near: '', rest: [], found: [] };
    var site = prepare(known), typeStems = site.typeStems, phrases = site.phrases;
    var i = 0;
    function take(kind, value, label, length) {
      out.found.push({ kind: kind, value: value, label: label, words: tokens.slice(i, i + length).join(' ') });
      i += length;
    }
    while (i < tokens.length) {
      var word = tokens[i], next = tokens[i + 1], found;
      // "near Headington", "in OX4", "close to Banbury": a place after a word that introduces one
      var intro = PLACE_INTRO[word] ? 1 : word === 'close' && next === 'to' ? 2 : 0;
      if (intro && i + intro < tokens.length && !out.near) {
        found = place(tokens, i + intro, known, true);
        if (found) {
          out.near = found.near;
          take('near', found.near, 'Near ' + found.near, intro + found.length);
          continue;
        }
        if (word === 'near' || intro === 2) {  // a place the site does not know: the page says so
          var end = i + intro;
          while (end < tokens.length && end < i + intro + 3 && !PLACE_END[tokens[end]] && DAYS[tokens[end]] === undefined) end++;
          if (end > i + intro) {
            out.near = titleCase(tokens.slice(i + intro, end));
            take('near', out.near, 'Near ' + out.near, end - i);
            continue;
          }
        }
      }
      // a type of service, said in full: "baby group", "stay & play", "toddler groups"
      found = longest(tokens, i, typeStems, known);
      if (found.length && out.type === '') {
        out.type = String(found.index);
        take('type', out.type, known.types[found.index].charAt(0).toUpperCase() + known.types[found.index].slice(1), found.length);
        continue;
      }
      // a phrase of two or more words that means something as a whole ("baby clinic"): keywords
      found = longest(tokens, i, phrases, known);
      if (found.length) {
        out.rest = out.rest.concat(tokens.slice(i, i + found.length));
        i += found.length;
        continue;
      }
      if (DAYS[word] !== undefined && out.day === '') {
        out.day = String(DAYS[word]);
        take('day', out.day, DAY_NAMES[DAYS[word]], 1);
        continue;
      }
      if ((word === 'today' || word === 'tomorrow') && out.day === '' && known.today !== undefined) {
        out.day = String((known.today + (word === 'tomorrow' ? 1 : 0)) % 7);
        take('day', out.day, DAY_NAMES[+out.day], 1);
        continue;
      }
      if (word === 'free' && !NOT_COST[tokens[i - 1]] && next !== 'parking') {
        out.free = true;
        take('free', true, 'Free', next === 'of' && tokens[i + 2] === 'charge' ? 3 : 1);
        continue;
      }
      if (word === 'no' && next === 'cost') { out.free = true; take('free', true, 'Free', 2); continue; }
      // ages: "under 1", "under 1s", "2 year old", "18 months", "toddler", "pre-school"
      if (out.age === '') {
        var age = '', length = 0, n;
        if (word === 'under' && (n = number(next || '')) !== null) {
          age = n <= 1 ? 'babies' : n <= 3 ? 'toddlers' : '';
          length = 2 + (/^(month|months|year|years|yr|yrs)$/.test(tokens[i + 2] || '') ? 1 : 0);
        } else if ((n = number(word)) !== null && /^(year|years|yr|yrs|month|months)$/.test(next || '')) {
          var months = /^m/.test(next) ? n : n * 12;
          age = months < 12 ? 'babies' : months < 36 ? 'toddlers' : months < 60 ? 'preschool' : '';
          length = 2 + (tokens[i + 2] === 'old' || tokens[i + 2] === 'olds' ? 1 : 0);
        } else if (word === 'pre' && next === 'school') {
          age = 'preschool'; length = 2;
        } else if (AGE_WORDS[word]) {
          age = AGE_WORDS[word]; length = 1;
        }
        if (age) {
          out.age = age;
          take('age', age, AGE_LABELS[age], length);
          // 'toddler' or 'baby' on its own is a word of services' names too: it also ranks by it
          if (length === 1 && AGE_WORDS[word]) out.rest.push(word);
          continue;
        }
      }
      // a place named on its own: "stay and play abingdon", "OX16", "SW1A 1AA"
      if (!out.near) {
        found = place(tokens, i, known, false);
        if (found) {
          out.near = found.near;
          take('near', found.near, 'Near ' + found.near, found.length);
          continue;
        }
      }
      out.rest.push(word);
      i++;
    }
    // words such as 'on a' or 'for my' left between understood ones search for nothing: drop them
    if (out.found.length) out.rest = out.rest.filter(function (w) { return !known.isStopWord(w); });
    out.rest = out.rest.join(' ');
    return out;
  }

  window.sgQuery = { understand: understand, longest: longest, stems: stems, DAY_NAMES: DAY_NAMES, AGE_LABELS: AGE_LABELS };
}());
