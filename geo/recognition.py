"""Find gazetteer names in running text: an Aho–Corasick automaton over every name and
alias, then evidence to keep or drop each candidate span (capitalisation, common words,
organisation and person context).
"""

from __future__ import annotations

import csv
import math
import re
from dataclasses import dataclass, replace
from functools import lru_cache

from geo._automaton import NameAutomaton
from geo._budget import check as check_budget
from geo._data import data_path
from geo._text import fold_chars, replace_beyond_ascii
from geo._names import CODE, PRIMARY, PUNCT as _PUNCT, build_automaton
from geo.gazetteer import CURATED_AIRPORT_SOURCE, Gazetteer, default_gazetteer

# Head words that make a capitalised run an organisation, not a place mention.
ORG_WORDS = frozenset("""
university universities college institute academy school agency bank company corporation corp
airlines airline airways railways railway group holding holdings inc ltd llc plc fund foundation
council committee commission party times post news herald tribune journal gazette daily press
telegraph club fc united society association federation union league ministry embassy
museum hospital mall hotel stadium church mosque cathedral energy petroleum oil gas telecom
motors media television tv radio channel network studios records zholy temir bureau engineering
directorate consortium shipping logistics maritime lines lloyd lloyds lloyd's
""".split())
# "Minister of Ports, Shipping, and Waterways": a place word inside the list that names an
# office is part of its name.
_OFFICE_OF = re.compile(r"\b(?:Ministry|Minister|Ministers|Department|Secretary|Commissioner|Directorate)"
                        r" (?:of|for) (?:the )?(?:[A-Z][\w'\u2019-]*(?: [A-Z][\w'\u2019-]*)*,? (?:and |& )?){0,4}$")
# "The Express Tribune", "The Jordan Times": a place word closing a name that "The" opens.
_THE_NAME = re.compile(r"\bThe (?:[A-Z][\w'\u2019-]* ){1,2}$")
# Words before "of X" that make "X" part of an organisation name ("Bank of Georgia").
ORG_BEFORE_OF = frozenset("bank university college institute museum academy".split())
# Words right before a place that make it a company name ("Air Astana").
ORG_PREFIX = frozenset("air radio".split())
_ORG_PREFIX_TITLED = frozenset(w.title() for w in ORG_PREFIX)
# Capitalised words after a place that keep it a place ("Tehran Province", "Bishkek Mayor").
PLACE_SUFFIXES = frozenset("""
city province region oblast district county state republic port airport station valley river
sea lake mountains gulf strait pass border mayor governor officials authorities government
police
""".split())
TITLES = frozenset("""
mr mrs ms dr sir president minister secretary general gen chairman premier prince king queen
sheikh senator rep judge coach captain professor prof lord lady saint st
""".split())
@dataclass(slots=True)
class Candidate:
    """A span of text that matches a gazetteer name."""

    start: int
    end: int
    text: str
    key: str
    demonym: bool = False
    #: the place is named inside an organisation's name ("the Jamaica Cancer Society",
    #: "Bank of Georgia"): a mention of the place, but no stop of a route
    in_name: bool = False


@lru_cache(maxsize=4)
def _cached_automaton(gazetteer: Gazetteer) -> NameAutomaton:
    if gazetteer._extra:
        return build_automaton(gazetteer)
    return gazetteer.stored_automaton()  # built with the index, checked, rebuilt if damaged


def automaton(gazetteer: Gazetteer | None = None) -> NameAutomaton:
    """The automaton for a gazetteer (stored with the index; built afresh when the
    gazetteer has places of the user's on top)."""
    return _cached_automaton(gazetteer or default_gazetteer())


_WORD = re.compile(r"[^\W\d_][\w'’]*")


# The first letter of a lower-case word of three letters or more, except the few
# lower-case words that occur inside place names ("Trinidad and Tobago", "Rostov-on-Don"):
# no name holds one.
_CONNECTORS = ("and", "the", "del", "los", "las", "les", "upon", "sur", "von", "van", "der",
               "den", "des", "dos", "das")
_LOWER_WORD = re.compile(r"(?<![\w'’\-])(?!(?:" + "|".join(_CONNECTORS) + r")\b)[a-z](?=[a-z]{2})")
# A full stop after a lower-case letter ends a word ("Bishkek."); after a capital it may be
# part of the name ("U.S."). A possessive "'s" is not part of the name, nor the bare
# apostrophe of a name ending in s ("Texas' rivers").
# (the dot is matched before its look-behind: the engine then tries the look-behind only at dots)
_WORD_END = re.compile(r"\.(?<=[a-z0-9]\.)|'(?:(?=s\b)|(?<=s')(?![a-z0-9]))")
_FOLD_PUNCT: dict[int, str] = {}


_FOLD_ASCII: dict[int, str] = {}


def _fold_punct(text: str, *, _plain: bool = False) -> str:
    """``fold_chars(text).translate(PUNCT)`` with one translation table.

    The few distinct characters beyond ASCII are replaced by their folded forms first
    (``str.replace``), then the text, all ASCII but for characters the table leaves as
    they are, goes through CPython's fast ASCII translation; ``_plain``: one table look-up
    per character (the same result, about 2.5 times the time)."""
    if not _FOLD_PUNCT:
        _FOLD_PUNCT.update({i: fold_chars(chr(i)).translate(_PUNCT) for i in range(0x2400)})
        _FOLD_ASCII.update({i: _FOLD_PUNCT[i] for i in range(128)})
    if not _plain:
        if text.isascii():
            return text.translate(_FOLD_ASCII)
        # (a character beyond the table, or folded to itself, is kept as it is; one folded
        # to a character the ASCII pass would change again: the plain way)
        out = replace_beyond_ascii(text, lambda c: _FOLD_PUNCT.get(ord(c), c),
                                   lambda c, f: f == c or (len(f) == 1 and f.isascii() and _FOLD_ASCII[ord(f)] == f))
        return _fold_punct(text, _plain=True) if out is None else out.translate(_FOLD_ASCII)
    out = text.translate(_FOLD_PUNCT)
    if len(out) == len(text):
        return out
    return fold_chars(text).translate(_PUNCT)  # a character whose folding is not one character


def _fold_for_matching(text: str) -> str:
    """The text as the automaton sees it, padded with one space on each side.

    Folded one character per character (offsets carry over), punctuation turned into
    spaces, so that names match only as whole words. Place names are capitalised:
    :func:`find_candidates` drops a match that starts with a lower-case letter or holds
    a lower-case word (:data:`_LOWER_WORD`; "said", "rail", "line"). Checking the few
    matches is cheaper than blanking every lower-case word of the text first, and gives
    the same matches.
    """
    return f" {_WORD_END.sub(' ', _fold_punct(text))} "


_NAME_SPLIT = re.compile(r"[\s\-]+")


def _word_key(word: str, hyphens: bool = False) -> str:
    """The automaton's padded key of a word or short name (``hyphens``: read as spaces)."""
    folded = fold_chars(word)
    return " " + " ".join((folded.replace("-", " ") if hyphens else folded).split()) + " "


def _capitalised(surface: str) -> bool:
    if not surface[:1].isupper():
        return False
    if _NAME_SPLIT.search(surface) is None:
        return True  # one word, and it is capitalised
    words = [w for w in _NAME_SPLIT.split(surface) if w not in _TAIL_WORDS]
    # an elided article before a capital is part of a capitalised word ("d’Ivoire", "l'Aquila")
    return all(w[:1].isupper() or len(w) <= 3 or (w[1:2] in _APOSTROPHES and w[2:3].isupper())
               for w in words if w)


_APOSTROPHES = ("'", "’")


def _words_after(text: str, end: int, n: int = 3) -> list[str]:
    if n == 1:  # (the first word only: one search, no list of all of them)
        m = _WORD.search(text, end, end + 60)
        return [m.group(0)] if m else []
    return _WORD.findall(text[end:end + 60])[:n]


def _words_before(text: str, start: int, n: int = 2) -> list[str]:
    return _WORD.findall(text[max(0, start - 40):start])[-n:]


_NAME_BREAK = re.compile(r"[()\[\],;:!?\"\u201c\u201d]|\.\s")


def _org_context(text: str, c: Candidate, before2: list[str] | None = None) -> bool:
    """True when the span is part of an organisation's name."""
    tail = text[c.end:c.end + 60]
    brk = _NAME_BREAK.search(tail)  # "Tbilisi (Qatar Airways)": the name ends at the bracket
    after = _WORD.findall(tail[:brk.start()] if brk else tail)[:4]
    if after and after[0] in _LOCAL_GOVERNMENT and text[c.end:c.end + 1] == " ":
        return False  # "the DeKalb City Council": the town's own council names the town
    for w in after:
        if not w[:1].isupper():
            break
        if w.lower() in ORG_WORDS:
            return True
    before = _words_before(text, c.start, 2) if before2 is None else before2
    if len(before) == 2 and before[1] == "of" and before[0].lower() in ORG_BEFORE_OF:
        return True
    window = text[max(0, c.start - 80):c.start]
    if ("Minist" in window or "Depart" in window or "Secretar" in window or "Commission" in window
            or "Directorate" in window) and _OFFICE_OF.search(window):
        return True
    if before and before[-1] in _ORG_PREFIX_TITLED and text[c.start - 1] == " ":
        return True
    # "SME Mauritius Limited", "UNHCR Jordan": an acronym before a place opens a name
    # (not one in brackets: "Qantas' (QF) Melbourne" is an airline's code, then the city)
    if (before and _ACRONYM.fullmatch(before[-1]) and text[c.start - 1] == " "
            and text[c.start - 2:c.start - 1] != ")"):
        return True
    return False


#: Words after a town's name that open the name of its own government.
_LOCAL_GOVERNMENT = frozenset(("City", "Town", "Village", "Municipal", "Borough"))
#: An organisation's acronym (no given name is written so in running text).
_ACRONYM = re.compile(r"[A-Z]{2,6}")


_MODIFIERS = frozenset("""
north south east west northern southern eastern western central greater upper lower old new
northeast northwest southeast southwest northeastern northwestern southeastern southwestern
downtown metropolitan metro rural occupied neighbouring neighboring landlocked mainland historic
""".split())


def _name_like(word: str, is_place_word) -> bool:
    """A capitalised word that is probably part of a personal or company name."""
    low = word.lower()
    return (word[:1].isupper() and low not in _MODIFIERS and low not in PLACE_SUFFIXES
            and low not in ORG_WORDS and low not in TITLES and not is_place_word(word)
            and _zipf(low) < 4.5)


#: What :func:`_person_context` returns when the span follows a given name ("Ali Shamkhani").
SURNAME = "surname"
#: ... and this when that given name opens a sentence (a prominent place stays a place).
SURNAME_AT_START = "surname at a sentence start"
#: A capitalised word opening a sentence reads as a given name only when rarer than this
#: (wordfreq Zipf scale) ...
_GIVEN_NAME_ZIPF = 4.0
#: ... and not shaped like an adjective ("Mountainous Naryn", "Coastal Gwadar").
_ADJECTIVE_END = re.compile(r"(?:ous|al|ic|ed|ing|ive|ful|less|ern|ary|ory|ible|able|ish|ese|ian|an)$")
_LOWER_NEXT = re.compile(r" [a-z]")
#: Words before a given name that make it a person's ("Lt. Paul ...", "Mayor John ...").
# Abbreviated titles before a name ("Sen.", "Reps.", "Gov."), which some towns are called.
_TITLE_ABBREVIATIONS = frozenset("sen sens rep reps gov govs gen lt col sgt capt maj adm cmdr supt "
                                 "insp det rev hon amb pres".split())
_PERSON_TITLES = (TITLES - {"st", "saint"}) | _TITLE_ABBREVIATIONS | frozenset("""
cpl pvt mayor governor sheriff deputy officer chief commissioner councilman councilwoman bishop pastor father sister
brother reverend spokesman spokeswoman trooper detective sergeant lieutenant colonel
""".split())
#: A capitalised word after a place at least this common in English (wordfreq Zipf) is an
#: ordinary word ("Senate", "Fire", "Army") rather than a surname, when an article comes
#: before the place or the place is a country or state.
_MODIFIED_NOUN_ZIPF = 3.0
_ARTICLE_BEFORE = re.compile(r"\b(?:[Tt]he|[Aa]n?) $")
_INITIAL_BEFORE = re.compile(r"(?<![\w.])([A-Z][a-z][\w'’-]*) [A-Z]\. $")


_CHAIN_AFTER = re.compile(r"[^\W\d_][\w'’]*(?:-[^\W\d_][\w'’]*)*")
_CHAIN_BEFORE = re.compile(r"(?:[^\W\d_][\w'’]*-)*[^\W\d_][\w'’]*$")
#: The longest hyphenated place name looked for next to another ("Mazar-i-Sharif").
_CHAIN_PARTS = 4


def _chained_place(text: str, pos: int, forward: bool, is_place_word) -> bool:
    """Whether the hyphenated words after ``pos`` begin (``forward``), or those before it
    end, with a place name."""
    if forward:
        m = _CHAIN_AFTER.match(text, pos, min(len(text), pos + 80))
        parts = m.group(0).split("-") if m else []
        names = ["-".join(parts[:k]) for k in range(1, min(len(parts), _CHAIN_PARTS) + 1)]
        # a place of two or three words: "Nairobi-Addis Ababa"
        spaced = _SPACED_AFTER.match(text, pos, min(len(text), pos + 60))
        words = spaced.group(0).split() if spaced else []
        names += [" ".join(words[:k]) for k in range(2, len(words) + 1)]
    else:
        m = _CHAIN_BEFORE.search(text, max(0, pos - 80), pos)
        parts = m.group(0).split("-") if m else []
        names = ["-".join(parts[-k:]) for k in range(1, min(len(parts), _CHAIN_PARTS) + 1)]
        # "Addis Ababa-Mogadishu", "Ho Chi Minh City-Hanoi"
        spaced = _SPACED_BEFORE.search(text, max(0, pos - 60), pos)
        words = spaced.group(0).split() if spaced else []
        names += [" ".join(words[-k:]) for k in range(2, len(words) + 1)]
    return any(is_place_word(n) for n in names)


#: Up to four capitalised words after (before) a hyphen: a place name of several words.
_SPACED_AFTER = re.compile(r"[A-Z][\w'’]*(?: [A-Z][\w'’]*){1,3}")
_SPACED_BEFORE = re.compile(r"(?<![\w'’])[A-Z][\w'’]*(?: [A-Z][\w'’]*){1,3}$")


def _person_context(text: str, c: Candidate, is_place_word, before2: list[str] | None = None,
                    is_region=None, given_name=None):
    """Truthy when the span looks like part of a person's name ("Mr Kars", "Ali Shamkhani");
    :data:`SURNAME` when it follows a given name.

    ``is_region(key)``: whether the name is a country's, a state's or a region's (such a
    name before an ordinary capitalised word is that word's modifier, "Ohio Senate",
    "Kern County Sheriff"). ``given_name(word, surname=False)``: whether the word is a
    common given name (:func:`given_names`) and no country's or state's name (with
    ``surname``: whether it may be a surname: no common word, no region, no prominent place).
    """
    before = _words_before(text, c.start, 1) if before2 is None else before2[-1:]
    if before and before[0].lower().rstrip(".") in TITLES:
        # right after the title, with at most a dot and spaces between ("Mr. Kars",
        # "Chairman Ron Denton")
        head = text[max(0, c.start - 40):c.start]
        bare = head.rstrip(" .")
        if bare.endswith(before[0]) and len(head) - len(bare) <= 3:
            return True
    # Hyphenated compounds with a non-place: "Amir-Abdollahian".
    # A chain of places is no name: "Termez-Mazar-i-Sharif-Kabul" (the next place may itself
    # be hyphenated).
    if text[c.end:c.end + 1] == "-":
        nxt = _words_after(text, c.end + 1, 1)
        if nxt and _name_like(nxt[0], is_place_word) and not _chained_place(text, c.end + 1, True, is_place_word):
            return True
    if (c.start > 0 and text[c.start - 1] == "-" and before and _name_like(before[0], is_place_word)
            and not _chained_place(text, c.start - 1, False, is_place_word)):
        return True
    # "Gino D. Bassett": a given name and an initial before it
    if text[c.start - 3:c.start - 1].endswith(".") and text[c.start - 1:c.start] == " ":
        m = _INITIAL_BEFORE.search(text, max(0, c.start - 40), c.start)
        if m and (_name_like(m.group(1), is_place_word) or (given_name is not None and given_name(m.group(1)))):
            return SURNAME
    # "Dana Taraz": a name-like capitalised word right before, in the same sentence.
    if before and text[c.start - 1:c.start] == " " and text[max(0, c.start - len(before[0]) - 1):c.start - 1] == before[0]:
        prev_char = text[max(0, c.start - len(before[0]) - 2):c.start - len(before[0]) - 1]
        # a common given name is one even when it is a word or a town ("John Bolton",
        # "Mark Zuckerberg"); "Iran's Chabahar" is no name
        # (not inside a longer name: "Alton Edwardsville Road" is a road's name)
        given = (given_name is not None and given_name(before[0])
                 and not _NEXT_CAPITAL.match(text, c.end))
        if not before[0].endswith(("'s", "\u2019s", "'", "\u2019")) and not _ACRONYM.fullmatch(before[0]):
            if _name_like(before[0], is_place_word):
                if prev_char not in ("", "\n", "."):
                    return SURNAME
                # at a sentence start any word is capitalised: only a rare word that is no
                # adjective, before a small place and a lower-case word, is a given name
                # ("Mara Selby still lives there")
                if (_zipf(before[0].lower()) < _GIVEN_NAME_ZIPF and not _ADJECTIVE_END.search(before[0])
                        and _LOWER_NEXT.match(text, c.end)):
                    return SURNAME_AT_START
            if given:
                # a title before the given name makes it a person's even when the place
                # is prominent ("Mayor John Manchester"); without one, a prominent place
                # stays ("St. Joseph London")
                title = before2[0].lower() if before2 is not None and len(before2) == 2 else ""
                return SURNAME if title in _PERSON_TITLES else SURNAME_AT_START
    after = _words_after(text, c.end, 1)
    tail = text[c.end:c.end + 1]
    if (given_name is not None and after and tail == " " and after[0][:1].isupper()
            and text[c.end + 1:c.end + 2].isalpha() and given_name(c.text)
            and after[0].lower() not in PLACE_SUFFIXES and is_place_word(after[0])
            and given_name(after[0], surname=True)):
        return True  # "Nancy Barrow": a given name before a surname that is some town's name
    if (after and tail == " " and text[c.end + 1:c.end + 2].isalpha()
            and after[0][:1].isupper() and after[0].lower() not in PLACE_SUFFIXES
            and after[0].lower() not in ORG_WORDS and not is_place_word(after[0])):
        if c.demonym or "." in c.text:
            return False  # "the Russian Minister", "U.S. Attorney": no given name
        if " " in c.text and is_region is not None and is_region(c.key):
            return False  # "the envoy to the Holy See Anna Vardanyan": a country's name of two words
        # "the Ohio Senate", "Texas Fire Service", "the Torrington Fire Department": a
        # place before an ordinary word names what the word stands for; a given name
        # comes before a surname ("Georgia Okafor", "Sandy Hill" the person)
        # ("Norfolk High School", "Ludlow Town Hall": so does any town that is no common
        # given name, before an ordinary word that is none either; an initial is no word,
        # "Carey L. Biron", and capitals are a company's name, "COSCO SHIPPING")
        if _zipf(after[0].lower()) >= _MODIFIED_NOUN_ZIPF and (
                _ARTICLE_BEFORE.search(text, max(0, c.start - 5), c.start)
                or (is_region is not None and is_region(c.key))
                or (given_name is not None and len(after[0]) > 1 and not c.text.isupper()
                    and not given_name(c.text) and not given_name(after[0]))):
            return False
        # ... unless it is the second of two dash-joined places ("the Dhaka-Chittagong
        # Subarna Express")
        return not (c.start > 1 and text[c.start - 1] in "-\u2013\u2014" and before
                    and is_place_word(before[0]))
    return False


def find_candidates(text: str, gazetteer: Gazetteer | None = None) -> list[Candidate]:
    """All gazetteer names in ``text`` as whole words (overlapping spans included)."""
    auto = automaton(gazetteer)
    padded = _fold_for_matching(text)
    border_text = _BORDER_WORD.search(text) is not None  # (most texts: no border post to look for)
    found = []
    decode = auto.decode
    for end_idx, length, value in auto.iter_spans(padded):
        # the key is " name ": in the text the name ends one before the trailing space
        end = end_idx - 1
        start = end - length
        if not text[start].isupper():
            continue  # place names are capitalised (checked in full later)
        if not text[start:end].isalpha() and _LOWER_WORD.search(text, start, end):
            continue  # ... and hold no lower-case word but the connectors ("Trinidad and Tobago")
        key, demonym, _ = decode(value)
        if text[end - 1] in ",;:":
            continue  # a name key with trailing punctuation ("Lodz,") would swallow the list comma
            # (a final dot stays: "U.S.", "D.C.")
        if border_text and not demonym and _BORDER_BEFORE.search(text, max(0, start - 40), start):
            # "the border town of Zabaikalsk": the crossing of that name, where we have one
            folded = " ".join(_fold_punct(text[start:end]).split())
            for kind in (" border crossing", " port", " station", " border"):
                hit = auto.get(" " + folded + kind + " ", None)
                if hit is not None and not hit[1]:
                    key = hit[0]
                    break
        found.append(Candidate(start, end, text[start:end], key, demonym))
        tail = _KIND_TAIL.match(text, end) if text[end + 1:end + 2].islower() or text.startswith(" ICD", end) else None
        if tail and not demonym:
            # "Chabahar port", "Khorgos dry port": our curated names written in lower case
            # (the matcher skips lower-case words, so they are looked up here)
            ext = " " + " ".join(_fold_punct(text[start:tail.end()]).split()) + " "
            hit = auto.get(ext, None)
            if hit is not None and not hit[1]:
                found.append(Candidate(start, tail.end(), text[start:tail.end()], hit[0], False))
    return _split_dashed(found, auto, gazetteer or default_gazetteer(), text)


_BORDER_WORD = re.compile("border", re.I)
_BORDER_BEFORE = re.compile(r"\bborder (?:town|post|crossing|point|city|station|village|checkpoint)s?"
                            r"(?: of)? $", re.I)
# Lower-case kind words that end some curated names: "Chabahar port", "Altynkol station",
# "the Turkistan region", "Osh oblast" (a province named like its capital), "the Rumaila oil
# field", "Kariba dam", "the Zaporizhzhia nuclear power plant", "the Grasberg copper mine".
_KIND_TAIL = re.compile(r" (?:(?:dry|sea|river|inland|container|oil|gas|railway|rail|border|ferry|"
                        r"nuclear|power|hydropower|hydroelectric|copper|gold|iron ore|coal) ){0,2}"
                        r"(?:port|seaport|harbou?r|terminal|station|crossing|border crossing|"
                        r"checkpoint|bridge|junction|post|gateway|ICD|region|province|oblast|"
                        r"field|fields|oilfield|gasfield|sands|refinery|dam|plant|mine|tunnel|canal|hub)\b")
_TAIL_WORDS = frozenset("dry sea river inland container oil gas railway rail border ferry port seaport "
                        "harbour harbor terminal station crossing checkpoint bridge junction post "
                        "gateway region province oblast nuclear power hydropower hydroelectric copper "
                        "gold iron ore coal field fields oilfield gasfield refinery dam plant mine "
                        "tunnel canal hub sands".split())


def _leftmost_longest(cands: list[Candidate]) -> list[Candidate]:
    cands = sorted(cands, key=lambda c: (c.start, -(c.end - c.start)))
    out, last_end = [], -1
    for c in cands:
        if c.start >= last_end:
            out.append(c)
            last_end = c.end
    return out


_DASH_SPLIT = re.compile(r"\s*[-\u2010-\u2015\u2212]\s*")
_PLAIN_HYPHEN = re.compile(r"[^\s\u2010-\u2015\u2212]+")  # words joined by bare hyphens only


def _split_dashed(found: list[Candidate], auto, gaz: Gazetteer, text: str = "") -> list[Candidate]:
    """Drop a dashed name ("Bishkek–Osh") when its parts are better-known places, or when
    it names a line between its parts.

    Some villages carry names such as "Bishkek-Osh"; in news text the dash joins two
    places of a route. A border crossing is often called by its two towns
    ("Erenhot–Zamyn-Uud"), but "the Erenhot–Zamyn-Uud railway" and "the Shalamcheh–Basra
    railway" are lines between the two (the parts, matched on their own, stay).
    """
    out = []
    for c in found:
        if _DASH_SPLIT.search(c.text) is None:
            out.append(c)  # (most names: no dash, nothing to split)
            continue
        surface = _LINE_ENDING_PAIR.sub("", c.text)
        parts = _DASH_SPLIT.split(surface)
        if len(parts) > 1 and all(parts):
            keys = [auto.get(_word_key(p), None) for p in parts]
            # (a plain hyphen also joins the words of a town's own name, "Kara-Balta" beside
            # Kara in Togo: there every part must be the better-known place)
            known = all if _PLAIN_HYPHEN.fullmatch(surface) else any
            if all(keys) and known(_prominent(gaz, k[0], 100_000) for k in keys) \
                    and not _prominent(gaz, c.key, 100_000):
                continue
            if (surface != c.text or _LINE_AFTER_PAIR.match(text, c.end)) and _two_places(surface, auto):
                continue
        out.append(c)
    return out


def _two_places(surface: str, auto) -> bool:
    """Whether a dashed name splits at one of its dashes into two known names
    ("Erenhot" and "Zamyn-Uud")."""
    for m in _DASH_SPLIT.finditer(surface):
        left, right = surface[:m.start()], surface[m.end():]
        if left and right and auto.get(_word_key(left, True), None) and auto.get(_word_key(right, True), None):
            return True
    return False


# A mode or line word after (or ending) a name of two dashed places: the line between them.
_LINE_AFTER_PAIR = re.compile(r"\s+(?:rail(?:way|road)?|(?:rail |road |ferry |bus |air )?(?:line|link|route|service)|"
                              r"pipeline|gas pipeline|oil pipeline|road|highway|motorway|expressway|corridor|"
                              r"trains?|flights?|ferry|bus)s?\b", re.I)
_LINE_ENDING_PAIR = re.compile(_LINE_AFTER_PAIR.pattern + "$", re.I)


def recognise(text: str, gazetteer: Gazetteer | None = None, *, common_word_zipf: float = 4.3,
              prominent_population: int = 100_000, name_ends: frozenset = frozenset(),
              _common_first: bool = True) -> list[Candidate]:
    """Candidates that survive the evidence checks, in text order.

    ``name_ends``: offsets where a known name (an airline) ends; a place right after one
    ("Emirates Dubai – Auckland") is no surname.
    """
    gaz = gazetteer or default_gazetteer()

    def common_word(c: Candidate) -> bool:
        """A one-word name that is a common English word and no prominent place ("Said")."""
        return (" " not in c.text.strip() and "-" not in c.text
                and _zipf(c.text.lower()) >= common_word_zipf
                and not _prominent(gaz, c.key, prominent_population))

    cands = find_candidates(text, gaz)
    auto = automaton(gaz)

    seen_words: dict[str, bool] = {}

    def is_place_word(w: str) -> bool:
        hit = seen_words.get(w)
        if hit is None:
            hit = seen_words[w] = auto.get(_word_key(w, hyphens=True), None) is not None
        return hit

    def is_region(key: str) -> bool:
        return _is_region_key(gaz, key)

    names = _person_names(gaz)

    def given_name(w: str, surname: bool = False) -> bool:
        """``w`` is a common given name and no country's or state's ("Virginia",
        "Israel"); with ``surname``, ``w`` is merely no such name and not prominent."""
        if not surname:
            return w in names
        if _zipf(w.lower()) >= common_word_zipf:
            return False  # "Spencer Street", "Glen Crossing Road": a name's ordinary word
        hit = auto.get(_word_key(w), None)
        return hit is None or not (is_region(hit[0]) or _prominent(gaz, hit[0], prominent_population))

    kept = []
    surnames: dict[str, int] = {}  # key -> where it was first read as a person's surname
    # Common words are dropped before the (costlier) context checks. Those checks could
    # have read one as a surname, which drops the bare name elsewhere in the text; that
    # can matter only for a kept name of the same key (see the end).
    skipped_common: set[str] = set()
    for n, c in enumerate(cands):
        if not n % 256:
            check_budget()
        surface = c.text
        if not _capitalised(surface):
            continue
        upper = surface.isupper()
        letters = sum(ch.isalpha() for ch in surface) if upper else 0  # (only capitals need it)
        if upper and letters <= 4:
            # "US", "UK", "UAE" are fine; other short capitals are acronyms.
            if not any((rec.kind == "country" and q != CODE)
                       or (rec.source == CURATED_AIRPORT_SOURCE and q == PRIMARY)
                       or (rec.id.startswith("curated:") and q == PRIMARY)  # "JNPT"
                       # a state's dotted abbreviation ("S.C.", "N.D."), never an acronym
                       or ("." in surface and rec.kind == "admin1" and q == PRIMARY)
                       for rec, q in gaz.candidates(c.key)):
                continue
        # datelines: "WASHINGTON —" (at the start of a line; elsewhere capitals are a name
        # such as "COSCO SHIPPING")
        shouting = False
        if upper and letters > 4:
            line_before = text[max(0, c.start - 40):c.start].rpartition("\n")[2].strip(" .,-\u2013\u2014")
            shouting = line_before == "" or line_before.isupper()
        if _common_first and common_word(c):
            skipped_common.add(c.key)
            continue
        after_name = c.start - 1 in name_ends
        before2 = _words_before(text, c.start, 2)  # (both context checks read them)
        person = not shouting and not after_name and _person_context(text, c, is_place_word, before2,
                                                                      is_region, given_name)
        if person == SURNAME_AT_START and _prominent(gaz, c.key, prominent_population):
            person = False
        if person:
            # (a given name read as one, "Barry Smith", is that person later on too)
            if (person in (SURNAME, SURNAME_AT_START) or surface in names) and " " not in surface:
                surnames.setdefault(c.key, c.start)
            continue
        the = _THE_NAME.search(text, max(0, c.start - 40), c.start) if "The " in text[max(0, c.start - 40):c.start] else None
        if ((text[c.start - 1:c.start] in _QUOTES and _thing_name(text, c))
                or (" " not in surface and _speaker(text, c, gaz, prominent_population))):
            continue
        in_name = ((not shouting and _org_context(text, c, before2))
                   # "The Express Tribune"
                   or bool(the and not any(is_place_word(w) for w in the.group(0).split()[1:])))
        if in_name and " " in surface and _curated_facility(gaz, c.key):
            # "the KTZE Khorgos Gateway dry port": an operator's name before one of our
            # border posts, ports and stations leaves it that place
            in_name = False
        if in_name:
            # a country, region or big city inside a name still names that place ("the
            # Jamaica Cancer Society"); a smaller place's name there is a word of the name
            # ("The Express Tribune")
            if not _prominent(gaz, c.key, prominent_population):
                continue
            c = replace(c, in_name=True)
        if not _common_first and common_word(c):
            continue
        if c.key in _NAMED_THINGS:
            continue
        if (surface.lower() in _TITLE_ABBREVIATIONS and _ABBREVIATION_BEFORE_NAME.match(text, c.end)
                and not _PLACE_PREPOSITION.search(text, max(0, c.start - 8), c.start)):
            continue  # "Sen. Ben Sasse", "Gov. Walz": a title, not the town ("in Sens. Later")
        if c.text in _NAME_HEADS and _NEXT_CAPITAL.match(text, c.end):
            continue  # "San Pedro Atepec": the head of a longer name we do not have
        if _COUNTY.match(text, c.end):
            continue  # "Laurel County" is a county we do not have, not the town of Laurel
        if text.endswith("Lake ", 0, c.start):
            continue  # "Lake Victoria" is a lake (ours, where we have it, is the longer name), never Victoria
        kept.append(c)
    if skipped_common and any(c.key in skipped_common and " " not in c.text
                              and not _prominent(gaz, c.key, prominent_population) for c in kept):
        # a kept name shares its key with a skipped common word ("Saïd" and "Said"):
        # read the text again in the plain order, so the result is the same either way
        return recognise(text, gaz, common_word_zipf=common_word_zipf, prominent_population=prominent_population,
                         name_ends=name_ends, _common_first=False)
    kept = _drop_name_pairs(text, _leftmost_longest(kept), gaz, surnames)
    # "Like Selby, she ...": once "Mara Selby" is named, the bare surname is that person,
    # not the town (also before: a profile may name the person in full only later)
    return [c for c in kept if not (c.key in surnames and " " not in c.text
                                    and not _prominent(gaz, c.key, prominent_population))]


# Names of things so much better known than the hamlets that bear them that in news they
# are never the hamlet: a seat of government, weather patterns.
_NAMED_THINGS = frozenset(["white house", "el nino", "la nina"])
_ABBREVIATION_BEFORE_NAME = re.compile(r"\. (?:[A-Z]\. )?[A-Z][a-z]")
_PLACE_PREPOSITION = re.compile(r"\b(?:in|to|from|at|near|via|of|into|through|outside) $")
_COUNTY = re.compile(r" (?:County|Parish|Township|Borough)\b")
# Words that open longer place names; alone before another capitalised word they are that
# longer name's head, not the town of that name ("San" in Mali).
_NAME_HEADS = frozenset("San Santa Santo Sao São Saint Sankt Port Fort Mount Lake Cape El La Le Los "
                        "Las Al".split())
_NEXT_CAPITAL = re.compile(r" [A-Z]")
# A quoted name before a common noun names a thing: the "Berkarar" ferries, the "Volga" tanker.
_QUOTES = "\"\u201c\u2018'"
# The quotation holds only the name and a few capitalised words ("Flavia II", "Silk Road
# Express", two names "A / B"), then a common noun follows: a quoted sentence that opens with a place ("Vietnam
# is ready to carry more freight," he said) names that place.
_QUOTED_THING = re.compile(r"(?:(?:\s*[/&]\s*|[ \-])(?:[A-Z0-9][\w'-]*|of|the|and|de|in|on|for)){0,5}[,.!?]?[\"\u201d\u2019']\s+"
                           r"(?!(?:he|she|they|we|it|i|you|said|says|added|told|wrote|asked)\b)"
                           r"(?:[a-z][\w-]*\s+)?[a-z][\w-]*")
# "Ismail told reporters": a one-word place that speaks is a person.
_SPEAKS = re.compile(r"\s+(?:said|says|told|added|explained|noted|stressed|wrote|tweeted|recalled)\b")


def _thing_name(text: str, c: Candidate) -> bool:
    """True when the name opens a quotation that a common noun follows or comes right
    after (the "Berkarar" ferries, the boring machine "Flavia")."""
    if c.start == 0 or text[c.start - 1] not in _QUOTES:
        return False
    return bool(_QUOTED_THING.match(text, c.end) or _NOUN_BEFORE_QUOTE.search(text, max(0, c.start - 30), c.start))


# "the tanker 'Volga'", "a machine named "Flavia"": a common noun (not a preposition) before the quote.
_NOUN_BEFORE_QUOTE = re.compile(r"\b(?!(?:to|from|in|at|of|for|via|into|towards|and|or|the|a|an|as|is|was|"
                                r"called|dubbed)\b)[a-z]{3,} [\"\u201c\u2018']$")


def _speaker(text: str, c: Candidate, gaz: Gazetteer, min_population: int) -> bool:
    """True for a one-word, not prominent place followed by a speech verb ("Ismail said");
    capitals and big cities speak for governments ("Moscow said")."""
    if " " in c.text or not _SPEAKS.match(text, c.end):
        return False
    return not any(rec.kind == "country" or rec.capital or rec.population >= min_population
                   for rec, _ in gaz.candidates(c.key))


def _drop_name_pairs(text: str, cands: list[Candidate], gaz: Gazetteer,
                     surnames: dict[str, int]) -> list[Candidate]:
    """Two one-word places side by side ("Jordan Whitfield", "Washington Santos") are a
    person's name, unless the second is a country or region ("Tehran Province" is handled
    by suffixes). The second one's key is noted in ``surnames``."""
    drop = set()
    for a, b in zip(cands, cands[1:]):
        if text[a.end:b.start] != " " or " " in a.text or " " in b.text:
            continue
        if a.text.lower() in _MODIFIERS:
            drop.add(id(a))  # "Metro Vancouver": a modifier of the place, no given name
            continue
        if a.demonym or b.demonym:
            continue
        if any(rec.kind in ("country", "region", "water") and q != CODE for rec, q in gaz.candidates(b.key)):
            continue  # ("Hun Sen": "SEN" is only Senegal's code)
        if a.text not in given_names() and _is_region_key(gaz, a.key):
            # "California Penal Code": a state that is no given name names what follows
            # ("Penal" is a town elsewhere, but here a word of the code's name)
            drop.add(id(b))
            continue
        drop.update((id(a), id(b)))
        surnames.setdefault(b.key, b.start)
    return [c for c in cands if id(c) not in drop]


#: Given names of the census list that are also months: "In May Paris ..." is no person.
_NOT_GIVEN_NAMES = frozenset("January February March April May June July August September October "
                             "November December".split())


@lru_cache(maxsize=1)
def given_names() -> frozenset:
    """Common given names (``data/given_names.csv``, from the US census), months excluded."""
    path = data_path("given_names.csv")
    if not path.exists():
        return frozenset()
    with open(path, newline="", encoding="utf-8") as fh:
        return frozenset(row["name"] for row in csv.DictReader(fh) if row.get("name")) - _NOT_GIVEN_NAMES


def _is_region_key(gaz: Gazetteer, key: str) -> bool:
    """Whether ``key`` names a country, a state or a region (not by a code alone)."""
    if gaz._extra_by_id:  # (the user's places may add senses: no caching then)
        return _region_sense(gaz, key)
    return _region_key_cached(gaz, key)


def _region_sense(gaz: Gazetteer, key: str) -> bool:
    return any(rec.kind in ("country", "admin1", "region") and q != CODE for rec, q in gaz.candidates(key))


_region_key_cached = lru_cache(maxsize=50_000)(_region_sense)


@lru_cache(maxsize=4)
def _person_names(gaz: Gazetteer) -> frozenset:
    """The given names that are no country's, state's or region's name ("Virginia",
    "Israel", "Georgia" may be the place), worked out once per gazetteer."""
    auto = automaton(gaz)
    out = set()
    for name in given_names():
        hit = auto.get(_word_key(name), None)
        if hit is None or not _is_region_key(gaz, hit[0]):
            out.add(name)
    return frozenset(out)


@lru_cache(maxsize=100_000)
def _zipf(word: str) -> float:
    """wordfreq's Zipf frequency of an English word. A plain lower-case ASCII word is its
    own single token, so it is looked up in wordfreq's frequency table directly (the
    tokenizer costs 30x the look-up); anything else goes through ``zipf_frequency``."""
    if _PLAIN_WORD.fullmatch(word):
        freq = _english_frequencies().get(word)
        # (the table's frequencies lie on wordfreq's 0.01-Zipf grid: rounding gives it back)
        return round(math.log10(freq) + 9, 2) if freq else 0.0
    from wordfreq import zipf_frequency

    return zipf_frequency(word, "en")


_PLAIN_WORD = re.compile(r"[a-z]+")


@lru_cache(maxsize=1)
def _english_frequencies() -> dict[str, float]:
    from wordfreq import get_frequency_dict

    return get_frequency_dict("en")


def _curated_facility(gaz: Gazetteer, key: str) -> bool:
    """Whether ``key`` names one of our curated border posts, ports, stations or airports."""
    return any(rec.kind in ("pass", "port", "station", "airport") and rec.id.startswith("curated:")
               for rec, _ in gaz.candidates(key))


def _prominent(gaz: Gazetteer, key: str, min_population: int) -> bool:
    for rec, quality in gaz.candidates(key):
        if quality == CODE:
            continue  # a code makes no word a known name ("Are" is not the UAE's "ARE")
        if rec.kind in ("country", "admin1", "region", "water"):
            return True
        if rec.kind == "city" and quality == 0 and rec.population >= min_population:
            return True
    return False

