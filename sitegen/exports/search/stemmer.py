"""lunr.js's Porter stemmer, rule for rule in Python, so the index stems words as the browser does.

lunr.py ships a different Porter implementation (Martin Porter's reference code) that disagrees
with lunr.js on real words: it stems "stay" to "stai" and "play" to "plai" where lunr.js keeps
"stay" and "play", so a search typed in the browser would miss them. This is a line-by-line
translation of ``lunr.stemmer`` from lunr 2.3.9 (MIT licence, Oliver Nightingale; itself after
http://tartarus.org/~martin); tests compare it with the real lunr.js word for word.
"""

from __future__ import annotations

import re

_STEP2 = {
    "ational": "ate", "tional": "tion", "enci": "ence", "anci": "ance", "izer": "ize", "bli": "ble",
    "alli": "al", "entli": "ent", "eli": "e", "ousli": "ous", "ization": "ize", "ation": "ate",
    "ator": "ate", "alism": "al", "iveness": "ive", "fulness": "ful", "ousness": "ous", "aliti": "al",
    "iviti": "ive", "biliti": "ble", "logi": "log",
}  # fmt: skip
_STEP3 = {"icate": "ic", "ative": "", "alize": "al", "iciti": "ic", "ical": "ic", "ful": "", "ness": ""}

_c = "[^aeiou]"
_v = "[aeiouy]"
_C = _c + "[^aeiouy]*"
_V = _v + "[aeiou]*"
_MGR0 = re.compile("^(" + _C + ")?" + _V + _C)
_MEQ1 = re.compile("^(" + _C + ")?" + _V + _C + "(" + _V + ")?$")
_MGR1 = re.compile("^(" + _C + ")?" + _V + _C + _V + _C)
_S_V = re.compile("^(" + _C + ")?" + _v)

_1A = re.compile(r"^(.+?)(ss|i)es$")
_1A2 = re.compile(r"^(.+?)([^s])s$")
_1B = re.compile(r"^(.+?)eed$")
_1B2 = re.compile(r"^(.+?)(ed|ing)$")
_LAST = re.compile(r".$")
_1B_AT = re.compile(r"(at|bl|iz)$")
_1B_DOUBLE = re.compile(r"([^aeiouylsz])\1$")
_1B_CVC = re.compile("^" + _C + _v + "[^aeiouwxy]$")
_1C = re.compile(r"^(.+?[^aeiou])y$")
_2 = re.compile(r"^(.+?)(" + "|".join(_STEP2) + ")$")
_3 = re.compile(r"^(.+?)(icate|ative|alize|iciti|ical|ful|ness)$")
_4 = re.compile(r"^(.+?)(al|ance|ence|er|ic|able|ible|ant|ement|ment|ent|ou|ism|ate|iti|ous|ive|ize)$")
_4B = re.compile(r"^(.+?)(s|t)(ion)$")
_5 = re.compile(r"^(.+?)e$")
_5_LL = re.compile(r"ll$")
_5_CVC = re.compile("^" + _C + _v + "[^aeiouwxy]$")


def stem(w: str) -> str:
    """The stem lunr.js gives a lowercase word."""
    if len(w) < 3:
        return w
    first = w[0]
    if first == "y":
        w = "Y" + w[1:]

    # Step 1a
    if _1A.search(w):
        w = _1A.sub(r"\1\2", w, count=1)
    elif _1A2.search(w):
        w = _1A2.sub(r"\1\2", w, count=1)

    # Step 1b
    match = _1B.search(w)
    if match:
        if _MGR0.search(match[1]):
            w = _LAST.sub("", w, count=1)
    else:
        match = _1B2.search(w)
        if match:
            stem_ = match[1]
            if _S_V.search(stem_):
                w = stem_
                if _1B_AT.search(w):
                    w = w + "e"
                elif _1B_DOUBLE.search(w):
                    w = _LAST.sub("", w, count=1)
                elif _1B_CVC.search(w):
                    w = w + "e"

    # Step 1c
    match = _1C.search(w)
    if match:
        w = match[1] + "i"

    # Step 2
    match = _2.search(w)
    if match and _MGR0.search(match[1]):
        w = match[1] + _STEP2[match[2]]

    # Step 3
    match = _3.search(w)
    if match and _MGR0.search(match[1]):
        w = match[1] + _STEP3[match[2]]

    # Step 4
    match = _4.search(w)
    if match:
        if _MGR1.search(match[1]):
            w = match[1]
    else:
        match = _4B.search(w)
        if match and _MGR1.search(match[1] + match[2]):
            w = match[1] + match[2]

    # Step 5
    match = _5.search(w)
    if match:
        stem_ = match[1]
        if _MGR1.search(stem_) or (_MEQ1.search(stem_) and not _5_CVC.search(stem_)):
            w = stem_
    if _5_LL.search(w) and _MGR1.search(w):
        w = _LAST.sub("", w, count=1)

    if first == "y":
        w = "y" + w[1:]
    return w
