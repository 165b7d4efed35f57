/* sitegen search: the index in shards by term (sitegen/exports/search/shards.py; docs/search.md,
   "The index files"). A query's clauses say which terms it can reach; only the shards holding
   those terms are fetched, and lunr.Index.load builds from them a partial index that ranks and
   scores exactly as the whole index would: every term keeps its position in the whole sorted
   term list (lunr's _index), and each field vector holds the loaded terms' scores in that order.

   window.sgShards.open(manifestUrl, fetchJson) -> Promise of a source, once the manifest is read:
     source.clauses(run)   runs run(probe), where probe.query(fn) (and probe.search(text)) builds
                           a lunr.Query over the index's fields as lunr.Index does, records its
                           clauses and returns []; returns every clause recorded
     source.indexFor(clauses) -> Promise of a lunr.Index holding every term the clauses can
                           reach (and any loaded before); rejects if a file is missing or wrong
     source.ready(clauses) whether everything the clauses need has come (then source.index()
                           answers them at once, as indexFor's index would)
     source.has(term)      whether the whole index holds the term: true/false once its shard (or
                           a synonyms group's file covering it) is loaded (by indexFor), null before
   fetchJson(url) -> Promise of the parsed JSON; shard URLs are relative to the manifest's.

   A synonyms group's file holds every term that starts with one of the group's stems (the
   manifest lists them): a lookup such a file covers is answered from it, one request, rather
   than from the shards of each stem's range. A term that comes twice (from a group's file and a
   shard) is taken once. */
(function () {
  'use strict';

  var FORMAT = 1;
  var SHARD_FILE = /^[0-9]+-[0-9a-f]+\.json$/, DICTIONARY_FILE = /^terms-[0-9a-f]+\.json$/;
  var GROUP_FILE = /^g[0-9]+-[0-9a-f]+\.json$/;

  function fail(what) { throw new Error('search index: ' + what); }
  function isCount(n) { return typeof n === 'number' && n >= 0 && n % 1 === 0 && n <= 0x7fffffff; }
  function isTerm(t) { return typeof t === 'string' && t.length > 0; }

  // The folder of a URL (its query and fragment dropped), for the files named relative to it
  function folderOf(url) {
    var path = String(url).split('#')[0].split('?')[0];
    return path.slice(0, path.lastIndexOf('/') + 1);
  }

  function checkManifest(m) {
    if (m === null || typeof m !== 'object' || m.format !== FORMAT) fail('the manifest is not format ' + FORMAT);
    if (!Array.isArray(m.fields) || !m.fields.length || !m.fields.every(isTerm)) fail('the manifest has no fields');
    if (!Array.isArray(m.pipeline) || !isCount(m.documents) || !isCount(m.terms)) fail('the manifest is incomplete');
    if (typeof m.dictionary !== 'string' || !DICTIONARY_FILE.test(m.dictionary)) fail('the manifest names no dictionary');
    if (!Array.isArray(m.shards)) fail('the manifest lists no shards');
    m.shards.forEach(function (shard, n) {
      var before = m.shards[n - 1];
      if (!Array.isArray(shard) || !isTerm(shard[0]) || !isCount(shard[1]) || typeof shard[2] !== 'string' || !SHARD_FILE.test(shard[2]) ||
          (before ? !(before[0] < shard[0] && before[1] < shard[1]) : shard[1] !== 0) || shard[1] >= m.terms) {
        fail('the manifest\'s shard ' + n + ' is wrong');
      }
    });
    if (m.terms && !m.shards.length) fail('the manifest lists no shards');
    if (!('groups' in m)) m.groups = [];
    if (!Array.isArray(m.groups)) fail('the manifest\'s groups are not a list');
    m.groups.forEach(function (group, g) {
      if (!Array.isArray(group) || !Array.isArray(group[0]) || !group[0].length || !group[0].every(isTerm) ||
          typeof group[1] !== 'string' || !GROUP_FILE.test(group[1])) {
        fail('the manifest\'s group ' + g + ' is wrong');
      }
    });
    return m;
  }

  // One term's postings as a shard or a group's file holds them: per field, delta-coded refs and
  // their scores
  function checkPostings(manifest, what, refs, scores) {
    var fields = manifest.fields.length;
    if (!Array.isArray(refs) || refs.length !== fields || !Array.isArray(scores) || scores.length !== fields) fail(what + ' has a term without its fields');
    for (var f = 0; f < fields; f++) {
      if (!Array.isArray(refs[f]) || !Array.isArray(scores[f]) || refs[f].length !== scores[f].length) fail(what + ' has broken postings');
      var ref = 0;
      for (var i = 0; i < refs[f].length; i++) {
        if (!isCount(refs[f][i]) || !isCount(scores[f][i]) || (i && refs[f][i] === 0)) fail(what + ' has broken postings');
        ref += refs[f][i];
        if (ref >= manifest.documents) fail(what + ' names a document the index does not have');
      }
    }
  }

  function startsWithOne(term, prefixes) {
    for (var i = 0; i < prefixes.length; i++) if (term.lastIndexOf(prefixes[i], 0) === 0) return true;
    return false;
  }

  // A synonyms group's file as fetched, checked against what the manifest says of it: its terms
  // in order, each with its position in the whole list and starting with one of the group's stems
  function checkGroup(manifest, g, file) {
    var prefixes = manifest.groups[g][0], count = file && Array.isArray(file.terms) ? file.terms.length : -1;
    if (file === null || typeof file !== 'object' || file.format !== FORMAT || count < 1 ||
        JSON.stringify(file.prefixes) !== JSON.stringify(prefixes) || !Array.isArray(file.positions) ||
        file.positions.length !== count || !Array.isArray(file.refs) || file.refs.length !== count ||
        !Array.isArray(file.scores) || file.scores.length !== count) {
      fail('group ' + g + ' does not match the manifest');
    }
    file.terms.forEach(function (term, k) {
      var position = file.positions[k];
      if (!isTerm(term) || !startsWithOne(term, prefixes) || !isCount(position) || position >= manifest.terms ||
          (k && !(file.terms[k - 1] < term && file.positions[k - 1] < position))) {
        fail('group ' + g + ' has terms out of order');
      }
      checkPostings(manifest, 'group ' + g, file.refs[k], file.scores[k]);
    });
    return file;
  }

  // A shard as fetched, checked against what the manifest says of it
  function checkShard(manifest, n, shard) {
    var listed = manifest.shards[n], next = manifest.shards[n + 1];
    var count = (next ? next[1] : manifest.terms) - listed[1];
    if (shard === null || typeof shard !== 'object' || shard.format !== FORMAT || shard.start !== listed[1] ||
        !Array.isArray(shard.terms) || shard.terms.length !== count || shard.terms[0] !== listed[0] ||
        !Array.isArray(shard.refs) || shard.refs.length !== count || !Array.isArray(shard.scores) || shard.scores.length !== count) {
      fail('shard ' + n + ' does not match the manifest');
    }
    shard.terms.forEach(function (term, k) {
      if (!isTerm(term) || (k && !(shard.terms[k - 1] < term)) || (next && !(term < next[0]))) fail('shard ' + n + ' has terms out of order');
      checkPostings(manifest, 'shard ' + n, shard.refs[k], shard.scores[k]);
    });
    shard.positions = shard.terms.map(function (term, k) { return shard.start + k; });
    return shard;
  }

  // The dictionary's front-coded terms ([shared, rest, ...]) back into a lunr.TokenSet
  function dictionarySet(manifest, coded) {
    if (!Array.isArray(coded) || coded.length !== 2 * manifest.terms) fail('the term dictionary does not match the manifest');
    var builder = new lunr.TokenSet.Builder(), previous = '';
    for (var i = 0; i < coded.length; i += 2) {
      if (!isCount(coded[i]) || coded[i] > previous.length || typeof coded[i + 1] !== 'string') fail('the term dictionary is broken');
      var term = previous.slice(0, coded[i]) + coded[i + 1];
      if (!(previous < term)) fail('the term dictionary is out of order');
      builder.insert(term);
      previous = term;
    }
    builder.finish();
    return builder.root;
  }

  function open(manifestUrl, fetchJson) {
    var folder = folderOf(manifestUrl);
    return fetchJson(manifestUrl).then(function (manifest) {
      return makeSource(checkManifest(manifest), folder, fetchJson);
    });
  }

  function makeSource(manifest, folder, fetchJson) {
    var shards = manifest.shards, fields = manifest.fields, groups = manifest.groups;
    var pipeline = lunr.Pipeline.load(manifest.pipeline);
    var loading = [], loaded = [], groupsLoading = [], groupsLoaded = [], loadedCount = 0, dictionary = null;
    var built = null, builtWith = -1;
    var held = Object.create(null), heldTerms = [];  // every term taken in so far

    // The shard whose range holds the term: the last whose first term is not after it (-1: none)
    function shardOf(term) {
      var low = 0, high = shards.length - 1, found = -1;
      while (low <= high) {
        var middle = (low + high) >> 1;
        if (shards[middle][0] <= term) { found = middle; low = middle + 1; } else high = middle - 1;
      }
      return found;
    }

    // A fetch of a shard (kind 'shard') or a synonyms group's file (kind 'group'), once
    function fetchFile(kind, n) {
      var starting = kind === 'shard' ? loading : groupsLoading, done = kind === 'shard' ? loaded : groupsLoaded;
      if (!starting[n]) {
        starting[n] = fetchJson(folder + (kind === 'shard' ? shards[n][2] : groups[n][1])).then(function (file) {
          if (done[n]) return;
          absorb(kind === 'shard' ? checkShard(manifest, n, file) : checkGroup(manifest, n, file));
          done[n] = file;
          loadedCount++;
        });
        starting[n].catch(function () { starting[n] = null; });  // a later query tries again
      }
      return starting[n];
    }

    var dictionaryLoaded = null;  // the dictionary's token set, once it has come
    function fetchDictionary() {
      if (!dictionary) {
        dictionary = fetchJson(folder + manifest.dictionary).then(function (coded) { return (dictionaryLoaded = dictionarySet(manifest, coded)); });
        dictionary.catch(function () { dictionary = null; });
      }
      return dictionary;
    }

    // What a clause looks up, as lunr.Index.prototype.query does: each term the pipeline makes
    // of it (unless the clause skips the pipeline), with the clause's edit distance
    function lookups(clauses) {
      var found = [];
      clauses.forEach(function (clause) {
        var terms = clause.usePipeline ? pipeline.runString(clause.term, { fields: clause.fields }) : [clause.term];
        terms.forEach(function (term) {
          var lookup = { term: term };
          if ('editDistance' in clause) lookup.editDistance = clause.editDistance;
          found.push(lookup);
        });
      });
      return found;
    }

    // The shards of a lookup's range: [first, last], or null for a fuzzy or inner wildcard
    function rangeShards(lookup) {
      if ('editDistance' in lookup) return null;
      var term = lookup.term, star = term.indexOf('*');
      if (star === -1) return { word: term, first: shardOf(term), last: shardOf(term) };
      if (star !== term.length - 1) return null;
      term = term.slice(0, -1);
      return { word: term, first: Math.max(shardOf(term), 0), last: shardOf(term + '\uffff') };
    }

    // The synonyms group whose file holds every term a word (or a prefix) can reach: one already
    // loaded if there is one, else the one whose file saves this query most requests (worth, by
    // group; -1: none)
    function groupOf(word, worth) {
      var found = -1;
      for (var g = 0; g < groups.length; g++) {
        if (!startsWithOne(word, groups[g][0])) continue;
        if (groupsLoaded[g]) return g;
        if (worth && worth[g] > 1 && (found < 0 || worth[g] > worth[found])) found = g;
      }
      return found;
    }

    // For each group, how many shards its file would save the query's lookups (those it covers):
    // 0 if a shard of their ranges has come already (a family typing, whose earlier letters
    // fetched them), as the file would bring those terms twice
    function worthOf(found) {
      var shardsOf = [], started = [];
      found.forEach(function (lookup) {
        var range = rangeShards(lookup);
        if (!range) return;
        for (var g = 0; g < groups.length; g++) {
          if (!startsWithOne(range.word, groups[g][0])) continue;
          shardsOf[g] = shardsOf[g] || Object.create(null);
          for (var n = Math.max(range.first, 0); n <= range.last; n++) {
            if (loaded[n] || loading[n]) started[g] = true;
            shardsOf[g][n] = true;
          }
        }
      });
      return shardsOf.map(function (set, g) { return set && !started[g] ? Object.keys(set).length : 0; });
    }

    // What a lookup needs without the dictionary, added to needed ({shards: {n}, groups: {g}}):
    // nothing if what it reaches has come, else its group's file if one covers it and is worth
    // it, else the shards of its range. Returns null if it needs the dictionary (a fuzzy or inner wildcard).
    function rangeOf(lookup, needed, worth) {
      var range = rangeShards(lookup), shardsHere = [];
      if (!range) return null;
      for (var n = range.first; n <= range.last; n++) if (n >= 0 && !loaded[n]) shardsHere.push(n);
      if (!shardsHere.length) return needed;
      var g = groupOf(range.word, worth);
      if (g >= 0) {
        if (!groupsLoaded[g]) needed.groups[g] = true;
        return needed;
      }
      shardsHere.forEach(function (n) { needed.shards[n] = true; });
      return needed;
    }

    // A dictionary term (a fuzzy or wildcard expansion) needed: nothing if it has come, else its shard
    function termNeeded(term, needed) {
      if (!held[term]) {
        var n = shardOf(term);
        if (n >= 0) needed.shards[n] = true;
      }
    }

    // The loaded files' terms, added to lunr's structures as each file arrives: the inverted
    // index, and each field vector with the file's (term position, score) pairs merged in at
    // their places. A term taken in before (from a group's file and a shard, or two groups'
    // files) is skipped. lunr reads a field vector only for a field/ref that a query's term
    // matched (so one a loaded file made), except for a query of only prohibited terms, whose
    // answer lists every document: it takes Object.keys(fieldVectors), which must then hold
    // every field/ref in the whole index's order. So lunr is given a view of the vectors made so
    // far (a Proxy): any other field/ref reads as one shared empty vector, and the whole ordered
    // list of field/refs (50,000 at 10,000 records) is made only if a query asks for it, not at
    // every first search's start (there it took most of the start's time, and its garbage).
    var inverted = Object.create(null), vectors = Object.create(null), empty = null, fieldVectors = null;
    function vector(key) { return vectors[key] || empty; }
    function startVectors() {
      if (fieldVectors) return;
      empty = new lunr.Vector([]);
      var every = null;
      function all() {
        if (!every) {
          every = [];
          fields.forEach(function (field) {
            for (var r = 0; r < manifest.documents; r++) every.push(field + '/' + r);
          });
        }
        return every;
      }
      fieldVectors = new Proxy(vectors, {
        get: function (target, key) { return typeof key === 'symbol' ? target[key] : vector(key); },
        has: function (target, key) { return typeof key === 'symbol' ? key in target : true; },
        ownKeys: function () { return all(); },  // the engine copies the list it is given
        getOwnPropertyDescriptor: function (target, key) {
          return { value: vector(key), writable: true, enumerable: true, configurable: true };
        }
      });
    }
    function merged(elements, added) {  // two runs of (position, score) pairs, by position
      var out = [], i = 0, j = 0;
      while (i < elements.length || j < added.length) {
        if (j >= added.length || (i < elements.length && elements[i] < added[j])) { out.push(elements[i], elements[i + 1]); i += 2; }
        else { out.push(added[j], added[j + 1]); j += 2; }
      }
      return out;
    }
    function absorb(file) {
      startVectors();
      var added = Object.create(null), keys = [], f, k, i;
      for (k = 0; k < file.terms.length; k++) {
        var term = file.terms[k];
        if (held[term]) continue;
        held[term] = true;
        heldTerms.push(term);
        var entry = Object.create(null), index = file.positions[k];
        entry._index = index;
        for (f = 0; f < fields.length; f++) {
          var refs = Object.create(null), deltas = file.refs[k][f], scores = file.scores[k][f], ref = 0;
          for (i = 0; i < deltas.length; i++) {
            ref += deltas[i];
            refs[ref] = {};
            var key = fields[f] + '/' + ref;
            if (!added[key]) { added[key] = []; keys.push(key); }
            added[key].push(index, scores[i] / 1000);
          }
          entry[fields[f]] = refs;
        }
        inverted[term] = entry;
      }
      keys.forEach(function (key) {
        vectors[key] = new lunr.Vector(merged(vector(key).elements, added[key]));
      });
    }

    // A lunr.Index of every file loaded so far, built again only when another has arrived: what
    // lunr.Index.load would make of them, without remaking what earlier files made
    function build() {
      if (builtWith === loadedCount) return built;
      startVectors();
      var tokens = new lunr.TokenSet.Builder();
      heldTerms.sort();
      heldTerms.forEach(function (term) { tokens.insert(term); });
      tokens.finish();
      built = new lunr.Index({ invertedIndex: inverted, fieldVectors: fieldVectors, tokenSet: tokens.root, fields: fields, pipeline: pipeline });
      builtWith = loadedCount;
      return built;
    }

    function fetchNeeded(needed) {
      return Object.keys(needed.shards).map(function (n) { return fetchFile('shard', +n); })
        .concat(Object.keys(needed.groups).map(function (g) { return fetchFile('group', +g); }));
    }

    function indexFor(clauses) {
      var needed = { shards: Object.create(null), groups: Object.create(null) }, expand = [];
      var found = lookups(clauses), worth = worthOf(found);
      found.forEach(function (lookup) { if (!rangeOf(lookup, needed, worth)) expand.push(lookup); });
      var expanded = !expand.length ? Promise.resolve() : fetchDictionary().then(function (terms) {
        expand.forEach(function (lookup) {
          terms.intersect(lunr.TokenSet.fromClause(lookup)).toArray().forEach(function (term) { termNeeded(term, needed); });
        });
      });
      var first = fetchNeeded(needed);
      return Promise.all(first.concat([expanded])).then(function () {
        return Promise.all(fetchNeeded(needed));
      }).then(build);
    }

    // Whether every file (and the dictionary) the clauses need has come: then index() answers
    // them as the whole index would, at once (the search page asks this before each query)
    function ready(clauses) {
      var needed = { shards: Object.create(null), groups: Object.create(null) }, complete = true;
      var found = lookups(clauses), worth = worthOf(found);
      found.forEach(function (lookup) {
        if (rangeOf(lookup, needed, worth)) return;
        if (!dictionaryLoaded) { complete = false; return; }
        dictionaryLoaded.intersect(lunr.TokenSet.fromClause(lookup)).toArray().forEach(function (term) { termNeeded(term, needed); });
      });
      return complete && !Object.keys(needed.shards).length && !Object.keys(needed.groups).length;
    }

    function clauses(run) {
      var recorded = [];
      var probe = {
        fields: fields,
        query: function (fn) {
          var query = new lunr.Query(fields);
          fn.call(query, query);
          recorded.push.apply(recorded, query.clauses);
          return [];
        },
        search: function (text) {
          return probe.query(function (query) { new lunr.QueryParser(text, query).parse(); });
        }
      };
      run(probe);
      return recorded;
    }

    function has(term) {
      term = String(term);
      if (held[term]) return true;
      var n = shardOf(term), g = groupOf(term);
      if (n < 0 || loaded[n] || (g >= 0 && groupsLoaded[g])) return false;
      return null;
    }

    return { manifest: manifest, clauses: clauses, indexFor: indexFor, has: has, ready: ready, index: build };
  }

  window.sgShards = { open: open, folderOf: folderOf };
}());
