"""An Aho–Corasick automaton whose values are plain data, stored so that loading it can
never run code.

The automaton stores one integer per name: the index of the name's key in a list of keys
(kept in the SQLite place index), the demonym flag and the length of the matched surface,
packed into the bits of that integer. Its file is pyahocorasick's own pickled form, read
by an unpickler that allows exactly one global, ``ahocorasick.Automaton``: the stream can
only build an automaton of integers, never call anything else. (pyahocorasick's
``save``/``load`` gives the same guarantee but took 0.60 s to load where this takes 0.11 s;
``bench/chaos.py`` has the measurement.)
"""

from __future__ import annotations

import pickle

from geo._errors import DataError

# pyahocorasick keeps a value in a 32-bit signed int (2**31 becomes -2**31, silently):
# 8 bits of length (names up to 255 characters; the longest is under 200), 1 demonym
# bit, 22 bits for the key (4.19 million keys; the index has about 360,000).
_LENGTH_BITS = 8
_LENGTH_MASK = (1 << _LENGTH_BITS) - 1
_DEMONYM_BIT = 1 << _LENGTH_BITS
_KEY_SHIFT = _LENGTH_BITS + 1
_MAX_KEYS = 1 << (31 - _KEY_SHIFT)


class WordScanner:
    """Every occurrence of a fixed, small set of words in a text, overlaps included, each
    with a value of its own: the cue words of the route scan, the airlines' names.

    A deterministic Aho–Corasick automaton (``ahocorasick_rs``, on the Rust crate
    ``aho-corasick``): for a few hundred words its pass over a text takes a fifth of
    pyahocorasick's (``bench/geoparse.py``), and it is built in milliseconds. (The place
    names, half a million of them, stay in :class:`NameAutomaton`: loaded from its file, not
    built in each process.)

    :meth:`iter` yields what ``pyahocorasick.Automaton.iter`` does: ``(end index, value)``
    with the index of the word's last character, ordered by end, the longest word first.
    """

    def __init__(self, values: dict[str, object]):
        import ahocorasick_rs

        self.words = [w for w in values if w]
        self.values = [values[w] for w in self.words]
        impl = ahocorasick_rs.Implementation.DFA if len(self.words) <= _DFA_WORDS else None
        self._ac = ahocorasick_rs.AhoCorasick(self.words, implementation=impl)

    def iter(self, text: str) -> list[tuple[int, object]]:
        """``(end index, value)`` of every occurrence of every word in ``text``."""
        found = self._ac.find_matches_as_indexes(text, overlapping=True)
        values = self.values
        if len(found) > 1:
            found.sort(key=lambda m: (m[2], m[1]))  # (by end, then the longest first)
        return [(end - 1, values[i]) for i, _, end in found]

    def keys(self) -> list[str]:
        return list(self.words)

    def items(self) -> list[tuple[str, object]]:
        return list(zip(self.words, self.values))

    def __len__(self) -> int:
        return len(self.words)


#: Up to this many words a :class:`WordScanner` is a DFA (fastest to scan; its size grows
#: with the words), beyond it a contiguous NFA.
_DFA_WORDS = 5_000


def word_automaton(words) -> WordScanner | None:
    """A :class:`WordScanner` of ``words`` whose values are their lengths: one pass over a
    text finds every occurrence of every word (see :func:`word_starts`). None when there
    are no words."""
    words = set(words)
    if not words:
        return None
    return WordScanner({w: len(w) for w in words})


def word_starts(auto, text: str) -> list[int]:
    """Where each word of a :func:`word_automaton` occurs in ``text`` (overlaps included)."""
    return [end - n + 1 for end, n in auto.iter(text)] if auto is not None else []


class NameAutomaton:
    """A map from padded folded surfaces to ``(key, is_demonym, length)`` with
    Aho–Corasick search, the subset of pyahocorasick's API that recognition uses."""

    def __init__(self, auto=None, keys: list[str] | None = None):
        import ahocorasick

        self._auto = auto if auto is not None else ahocorasick.Automaton(ahocorasick.STORE_INTS)
        self.keys: list[str] = keys if keys is not None else []
        self._key_ids: dict[str, int] | None = None  # made on the first add_word

    def decode(self, value: int) -> tuple[str, bool, int]:
        """``(key, demonym, length)`` of a stored raw value (see :meth:`iter_spans`)."""
        return (self.keys[value >> _KEY_SHIFT], bool(value & _DEMONYM_BIT), value & _LENGTH_MASK)

    def add_word(self, word: str, value: tuple[str, bool, int]) -> None:
        """Add (or replace) ``word`` with the value ``(key, is_demonym, length)``."""
        key, demonym, length = value
        if length > _LENGTH_MASK:
            return  # no place name is that long
        if self._key_ids is None:
            self._key_ids = {k: i for i, k in enumerate(self.keys)}
        kid = self._key_ids.get(key)
        if kid is None:
            kid = self._key_ids[key] = len(self.keys)
            if kid >= _MAX_KEYS:
                raise DataError(f"more than {_MAX_KEYS:,} name keys: the automaton's integer "
                                "values cannot hold them")
            self.keys.append(key)
        self._auto.add_word(word, kid << _KEY_SHIFT | (_DEMONYM_BIT if demonym else 0) | length)

    def get(self, word: str, default=None):
        """The value of ``word``, or ``default``."""
        value = self._auto.get(word, None)
        return default if value is None else self.decode(value)

    def __contains__(self, word: str) -> bool:
        return self._auto.exists(word)

    def __len__(self) -> int:
        return len(self._auto)

    def make_automaton(self) -> None:
        self._auto.make_automaton()

    def iter_spans(self, text: str):
        """Yield ``(end index, length, raw value)`` for every stored word found in
        ``text``; :meth:`decode` turns a raw value into ``(key, demonym, length)`` (for
        callers that drop most matches by their span before reading their key)."""
        for end, value in self._auto.iter(text):
            yield end, value & _LENGTH_MASK, value

    def iter(self, text: str):
        """Yield ``(end index, value)`` for every stored word found in ``text``."""
        decode = self.decode
        for end, value in self._auto.iter(text):
            yield end, decode(value)

    def to_bytes(self) -> bytes:
        """The automaton (without its keys) as bytes for :func:`automaton_from_bytes`."""
        return pickle.dumps(self._auto, protocol=pickle.HIGHEST_PROTOCOL)


class _AutomatonOnly(pickle.Unpickler):
    def find_class(self, module, name):
        if (module, name) == ("ahocorasick", "Automaton"):
            import ahocorasick

            return ahocorasick.Automaton
        raise pickle.UnpicklingError(f"{module}.{name} is not allowed in an automaton file")


def automaton_from_file(path, keys: list[str]) -> NameAutomaton:
    """Read an automaton written with :meth:`NameAutomaton.to_bytes`.

    Raises
    ------
    DataError
        When the file is not an automaton of integers whose values index ``keys``.
    """
    import ahocorasick

    try:
        with open(path, "rb", buffering=1 << 20) as fh:
            auto = _AutomatonOnly(fh).load()
    except (pickle.UnpicklingError, EOFError, ValueError, TypeError, IndexError, KeyError,
            AttributeError, MemoryError) as exc:
        raise DataError(f"{path}: not a valid automaton file ({type(exc).__name__}: {exc})") from None
    if not isinstance(auto, ahocorasick.Automaton) or auto.store != ahocorasick.STORE_INTS \
            or auto.kind != ahocorasick.AHOCORASICK:
        raise DataError(f"{path}: not an automaton of integers")
    return NameAutomaton(auto, keys)
