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
     source.has(term)      whether the whole index holds the term: true/false once its shard is
                           loaded (by indexFor), null before
   fetchJson(url) -> Promise of the parsed JSON; shard URLs are relative to the manifest's. */
(function () {
  'use strict';

  var FORMAT = 1;
  var SHARD_FILE = /^[0-9]+-[0-9a-f]+\.json$/, DICTIONARY_FILE = /^terms-[0-9a-f]+\.json$/;

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
    return m;
  }

  // A shard as fetched, checked against what the manifest says of it
  function checkShard(manifest, n, shard) {
    var listed = manifest.shards[n], next = manifest.shards[n + 1];
    var count = (next ? next[1] : manifest.terms) - listed[1], fields = manifest.fields.length;
    if (shard === null || typeof shard !== 'object' || shard.format !== FORMAT || shard.start !== listed[1] ||
        !Array.isArray(shard.terms) || shard.terms.length !== count || shard.terms[0] !== listed[0] ||
        !Array.isArray(shard.refs) || shard.refs.length !== count || !Array.isArray(shard.scores) || shard.scores.length !== count) {
      fail('shard ' + n + ' does not match the manifest');
    }
    shard.terms.forEach(function (term, k) {
      if (!isTerm(term) || (k && !(shard.terms[k - 1] < term)) || (next && !(term < next[0]))) fail('shard ' + n + ' has terms out of order');
      var refs = shard.refs[k], scores = shard.scores[k];
      if (!Array.isArray(refs) || refs.length !== fields || !Array.isArray(scores) || scores.length !== fields) fail('shard ' + n + ' has a term without its fields');
      for (var f = 0; f < fields; f++) {
        if (!Array.isArray(refs[f]) || !Array.isArray(scores[f]) || refs[f].length !== scores[f].length) fail('shard ' + n + ' has broken postings');
        var ref = 0;
        for (var i = 0; i < refs[f].length; i++) {
          if (!isCount(refs[f][i]) || !isCount(scores[f][i]) || (i && refs[f][i] === 0)) fail('shard ' + n + ' has broken postings');
          ref += refs[f][i];
          if (ref >= manifest.documents) fail('shard ' + n + ' names a document the index does not have');
        }
      }
    });
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
    var shards = manifest.shards, fields = manifest.fields;
    var pipeline = lunr.Pipeline.load(manifest.pipeline);
    var loading = [], loaded = [], loadedCount = 0, dictionary = null;
    var built = null, builtWith = -1;

    // The shard whose range holds the term: the last whose first term is not after it (-1: none)
    function shardOf(term) {
      var low = 0, high = shards.length - 1, found = -1;
      while (low <= high) {
        var middle = (low + high) >> 1;
        if (shards[middle][0] <= term) { found = middle; low = middle + 1; } else high = middle - 1;
      }
      return found;
    }

    function fetchShard(n) {
      if (!loading[n]) {
        loading[n] = fetchJson(folder + shards[n][2]).then(function (shard) {
          if (loaded[n]) return;
          absorb(checkShard(manifest, n, shard));
          loaded[n] = shard;
          loadedCount++;
        });
        loading[n].catch(function () { loading[n] = null; });  // a later query tries again
      }
      return loading[n];
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

    // The shards a lookup needs without the dictionary ({} of numbers), or null if it needs it
    function rangeOf(lookup, needed) {
      if ('editDistance' in lookup) return null;
      var star = lookup.term.indexOf('*'), n;
      if (star === -1) {
        n = shardOf(lookup.term);
        if (n >= 0) needed[n] = true;
        return needed;
      }
      if (star !== lookup.term.length - 1) return null;
      var prefix = lookup.term.slice(0, -1), last = shardOf(prefix + '\uffff');
      for (n = Math.max(shardOf(prefix), 0); n <= last; n++) needed[n] = true;
      return needed;
    }

    // The loaded shards' terms, added to lunr's structures as each shard arrives: the inverted
    // index, and each field vector with the shard's (term position, score) pairs merged in at
    // their place (shards cover disjoint ranges of positions, so one splice each). Every
    // field/ref has its vector from the start, in the whole index's order, as lunr's answer to a
    // query of only prohibited terms lists them all.
    var inverted = Object.create(null), fieldVectors = null;
    function startVectors() {
      if (fieldVectors) return;
      fieldVectors = {};
      fields.forEach(function (field) {
        for (var r = 0; r < manifest.documents; r++) fieldVectors[field + '/' + r] = new lunr.Vector([]);
      });
    }
    function absorb(shard) {
      startVectors();
      var added = Object.create(null), keys = [], f, k, i;
      for (k = 0; k < shard.terms.length; k++) {
        var entry = Object.create(null), index = shard.start + k;
        entry._index = index;
        for (f = 0; f < fields.length; f++) {
          var refs = Object.create(null), deltas = shard.refs[k][f], scores = shard.scores[k][f], ref = 0;
          for (i = 0; i < deltas.length; i++) {
            ref += deltas[i];
            refs[ref] = {};
            var key = fields[f] + '/' + ref;
            if (!added[key]) { added[key] = []; keys.push(key); }
            added[key].push(index, scores[i] / 1000);
          }
          entry[fields[f]] = refs;
        }
        inverted[shard.terms[k]] = entry;
      }
      keys.forEach(function (key) {
        var elements = fieldVectors[key].elements, first = added[key][0], low = 0, high = elements.length / 2;
        while (low < high) {  // the first pair whose term comes after the shard's
          var middle = (low + high) >> 1;
          if (elements[2 * middle] < first) low = middle + 1; else high = middle;
        }
        fieldVectors[key] = new lunr.Vector(elements.slice(0, 2 * low).concat(added[key], elements.slice(2 * low)));
      });
    }

    // A lunr.Index of every shard loaded so far, built again only when another has arrived: what
    // lunr.Index.load would make of them, without remaking what earlier shards made
    function build() {
      if (builtWith === loadedCount) return built;
      startVectors();
      var tokens = new lunr.TokenSet.Builder();
      loaded.forEach(function (shard) { if (shard) shard.terms.forEach(function (term) { tokens.insert(term); }); });
      tokens.finish();
      built = new lunr.Index({ invertedIndex: inverted, fieldVectors: fieldVectors, tokenSet: tokens.root, fields: fields, pipeline: pipeline });
      builtWith = loadedCount;
      return built;
    }

    function indexFor(clauses) {
      var needed = Object.create(null), expand = [];
      lookups(clauses).forEach(function (lookup) { if (!rangeOf(lookup, needed)) expand.push(lookup); });
      var expanded = !expand.length ? Promise.resolve() : fetchDictionary().then(function (terms) {
        expand.forEach(function (lookup) {
          terms.intersect(lunr.TokenSet.fromClause(lookup)).toArray().forEach(function (term) { needed[shardOf(term)] = true; });
        });
      });
      var ranges = Object.keys(needed).map(function (n) { return fetchShard(+n); });
      return Promise.all(ranges.concat([expanded])).then(function () {
        return Promise.all(Object.keys(needed).map(function (n) { return fetchShard(+n); }));
      }).then(build);
    }

    // Whether every shard (and the dictionary) the clauses need has come: then index() answers
    // them as the whole index would, at once (the search page asks this before each query)
    function ready(clauses) {
      var needed = Object.create(null), complete = true;
      lookups(clauses).forEach(function (lookup) {
        if (rangeOf(lookup, needed)) return;
        if (!dictionaryLoaded) { complete = false; return; }
        dictionaryLoaded.intersect(lunr.TokenSet.fromClause(lookup)).toArray().forEach(function (term) {
          var n = shardOf(term);
          if (n >= 0) needed[n] = true;
        });
      });
      return complete && Object.keys(needed).every(function (n) { return !!loaded[+n]; });
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
      var n = shardOf(String(term));
      if (n < 0) return false;
      if (!loaded[n]) return null;
      return loaded[n].terms.indexOf(String(term)) !== -1;
    }

    return { manifest: manifest, clauses: clauses, indexFor: indexFor, has: has, ready: ready, index: build };
  }

  window.sgShards = { open: open, folderOf: folderOf };
}());
