"""A lunr.js search index, built directly in sitegen's packed form.

lunr.py's Builder made this index until issue 9: it holds every word of every record as a
Token object with its own metadata and pipeline pass, which made it the longest single task
of a build (4.3 s at 10,000 records) and its largest memory (1.7 GB at 100,000). This module
computes the same numbers with plain dictionaries and counts: the same terms (lunr's stop words,
lunr.js's stemmer), the same postings, and the same BM25 field scores, worked out with the same
formula, in the same order of floating-point operations, and rounded the same way. Tests build
the index both ways, on the bundled site and on random documents, and compare every number;
lunr.js in Node then queries what this module builds.

The packed form (read by search.js's sgUnpack(), which turns it into what ``lunr.Index.load``
takes): terms sorted and listed once; for each term and field, the numbers of the documents
holding it, delta-coded; for each field, each document's vector as delta-coded term positions
and scores times 1,000 as integers.
"""

from __future__ import annotations

import json
import math
from array import array
from collections.abc import Iterable, Iterator, Sequence

from sitegen.exports.search.stemmer import stem

FORMAT_VERSION = 1
LUNR_VERSION = "2.3.9"  # lunr.js's version, which lunr.Index.load checks; package.json pins it
PIPELINE = ("stemmer",)  # what lunr.js runs on query words: its own stemmer, which stem() matches

# lunr.js's English stop words (lunr.stopWordFilter); a test checks them against lunr.js itself.
STOP_WORDS = frozenset(
    """a able about across after all almost also am among an and any are as at be because been
    but by can cannot could dear did do does either else ever every for from get got had has
    have he her hers him his how however i if in into is it its just least let like likely may
    me might most must my neither no nor not of off often on only or other our own rather said
    say says she should since so some than that the their them then there these they this tis
    to too twas us wants was we were what when where which while who whom why will with would
    yet you your""".split()  # noqa: SIM905 - easier to compare with lunr.js as words
)

# lunr's BM25 parameters (Builder.k1 and Builder.b defaults)
K1 = 1.2
B = 0.75


class IndexBuilder:
    """Add documents (each a text per field, already cut into lowercase words), then ``packed()``.

    Documents are numbered in the order they are added; that number is their lunr ``ref``.
    """

    def __init__(self, fields: Sequence[tuple[str, int]]):
        self.fields = tuple(name for name, _ in fields)
        self.boosts = tuple(boost for _, boost in fields)
        self.count = 0
        self._terms: dict[str, int] = {}  # term -> its number in order of first appearance
        self._term_cache: dict[str, str | None] = {}  # word -> term, or None for a stop word
        # per field: the numbers of the documents holding each term (in the order added)
        self._postings: list[list[array]] = [[] for _ in self.fields]
        self._lengths: list[array] = [array("I") for _ in self.fields]
        # per field and document: the document's (term number, frequency) pairs, flat
        self._frequencies: list[list[array]] = [[] for _ in self.fields]

    def term(self, word: str) -> str | None:
        """lunr's pipeline on one word: trimmer (nothing to trim in our words), stop words, stemmer."""
        term = self._term_cache.get(word, "")
        if term == "":
            term = None if word in STOP_WORDS else stem(word)
            self._term_cache[word] = term
        return term

    def add(self, texts: Sequence[str]) -> int:
        """One document: its text for each field, in the fields' order. Returns its ref."""
        ref = self.count
        self.count += 1
        # the cache term() keeps, read here without a call for each word (most words are in it)
        cached, term_of, numbers = self._term_cache, self.term, self._terms
        for field, text in enumerate(texts):
            counts: dict[int, int] = {}
            length = 0
            for word in text.split():
                term = cached[word] if word in cached else term_of(word)
                if term is None:
                    continue
                length += 1
                number = numbers.get(term)
                if number is None:
                    number = numbers[term] = len(numbers)
                    for postings in self._postings:
                        postings.append(array("I"))
                counts[number] = counts.get(number, 0) + 1
            pairs = array("I")
            for number, frequency in counts.items():
                self._postings[field][number].append(ref)
                pairs.append(number)
                pairs.append(frequency)
            self._lengths[field].append(length)
            self._frequencies[field].append(pairs)
        return ref

    def holds(self, term: str) -> bool:
        """Whether any document added so far has this term (a stemmed word)."""
        return term in self._terms

    def packed(self) -> Iterator[str]:
        """The packed index as JSON text, in pieces (join them, or write them as they come)."""
        terms = sorted(self._terms)
        position = array("I", bytes(4 * len(terms)))
        for place, term in enumerate(terms):
            position[self._terms[term]] = place
        idf = self._idf()
        yield "{" + _pairs(format=FORMAT_VERSION, lunr=LUNR_VERSION, fields=list(self.fields))
        yield "," + _pairs(pipeline=list(PIPELINE)) + ',"terms":' + _json(terms) + ',"postings":['
        for place, term in enumerate(terms):
            number = self._terms[term]
            lists = ",".join(f"[{_deltas(postings[number])}]" for postings in self._postings)
            yield ("," if place else "") + "[" + lists + "]"
        yield '],"vectors":['
        for field, boost in enumerate(self.boosts):
            yield ("," if field else "") + "["
            yield from self._vectors(field, boost, position, idf)
            yield "]"
        yield "]}"

    def _idf(self) -> list[float]:
        """lunr's idf for each term number: from how many (document, field) pairs hold it."""
        holding = [
            sum(len(postings[number]) for postings in self._postings) for number in range(len(self._terms))
        ]
        count = self.count
        return [math.log(1 + abs((count - n + 0.5) / (n + 0.5))) for n in holding]

    def _vectors(self, field: int, boost: int, position: array, idf: list[float]) -> Iterator[str]:
        for ref, scored_terms in enumerate(self._scores(field, boost, idf)):
            scored = sorted((position[term], score) for term, score in scored_terms)
            yield (
                ("," if ref else "")
                + f"[{ref},[{_deltas(p for p, _ in scored)}],[{','.join(str(s) for _, s in scored)}]]"
            )

    def _scores(self, field: int, boost: int, idf: list[float]) -> Iterator[list[tuple[int, int]]]:
        """For each document in ref order, each of its terms in ``field`` as (term number, score
        times 1,000): the one place the BM25 field scores are computed."""
        lengths = self._lengths[field]
        average = sum(lengths) / self.count if self.count else 0
        for length, pairs in zip(lengths, self._frequencies[field], strict=True):
            # lunr.py: score = idf * ((k1 + 1) * tf) / (k1 * (1 - b + b * (length / average)) + tf),
            # times the field's boost, rounded to 3 places; sitegen stores it times 1,000.
            # (A field with terms has a length, so the average is not 0 where it is used.)
            norm = K1 * (1 - B + B * (length / average)) if pairs else 0.0
            yield [
                (term, round(round(idf[term] * ((K1 + 1) * tf) / (norm + tf) * boost, 3) * 1000))
                for term, tf in zip(pairs[::2], pairs[1::2], strict=True)
            ]

    def term_postings(self) -> Iterator[tuple[str, list[tuple[list[int], list[int]]]]]:
        """Each term in sorted order (its position there is lunr's ``_index``) with, per field, the
        refs holding it (ascending) and their scores times 1,000: the numbers ``packed()`` writes,
        by term instead of by document."""
        idf = self._idf()
        by_term: list[list[tuple[list[int], list[int]]]] = [
            [([], []) for _ in self.fields] for _ in self._terms
        ]
        for field, boost in enumerate(self.boosts):
            for ref, scored_terms in enumerate(self._scores(field, boost, idf)):
                for term, score in scored_terms:
                    refs, scores = by_term[term][field]
                    refs.append(ref)
                    scores.append(score)
        for term in sorted(self._terms):
            yield term, by_term[self._terms[term]]


def _deltas(numbers: Iterable[int]) -> str:
    """Ascending numbers as the differences between neighbours, comma-separated."""
    previous, parts = 0, []
    for n in numbers:
        parts.append(str(n - previous))
        previous = n
    return ",".join(parts)


def _json(value) -> str:
    return json.dumps(value, separators=(",", ":"), ensure_ascii=False)


def _pairs(**values) -> str:
    return ",".join(f"{_json(key)}:{_json(value)}" for key, value in values.items())
