"""Cheap substring gates in front of costly regexes.

A case-insensitive alternation of fifty words costs microseconds per sentence, while `in`
on a lower-cased string runs in C at memory speed. Every match of a pattern contains one of
a few literal pieces (read off the pattern's parse tree), so a text holding none of them
cannot match and the regex need not run. Gates only ever skip work; they never decide.
"""

from __future__ import annotations

import re
import re._constants as sre
import re._parser as sre_parse
import sys
from collections.abc import Collection, Iterator
from functools import lru_cache
from typing import Any

Literals = frozenset[str]

# Characters whose case-insensitive regex match disagrees with str.lower() ('ſ' matches 's',
# 'İ' lowers to two characters); a text holding one is never gated.
UNFOLDABLE = ("İ", "ı", "ſ")
# A character class multiplies the variants of a literal run; past this, stop the run.
MAX_RUN_VARIANTS = 16
# Distinct sentences kept lower-cased; sentences repeat within a batch (boilerplate).
FOLD_CACHE = 4096
REPEATS = (sre.MAX_REPEAT, sre.MIN_REPEAT, sre.POSSESSIVE_REPEAT)


def foldable(text: str) -> bool:
    """True when str.lower() agrees with regex case folding on every character of `text`."""
    # isascii() reads a flag CPython keeps on every string: most texts end the test there.
    return text.isascii() or not any(ch in text for ch in UNFOLDABLE)


@lru_cache(maxsize=FOLD_CACHE)
def folded(text: str) -> str | None:
    """`text` lower-cased for gating, or None when lower-casing could mislead a gate."""
    return text.lower() if foldable(text) else None


def may_match(literals: Collection[str] | None, low: str | None) -> bool:
    """False only when the folded text lacks every piece a match would need."""
    if literals is None or low is None:
        return True
    # A plain loop: twice as fast as any() over a generator, and this runs per sentence.
    for piece in literals:  # noqa: SIM110
        if piece in low:
            return True
    return False


def ascii_letters_only(pattern: re.Pattern[str]) -> bool:
    """Folding was checked against str.lower() for ASCII letters only ('ß' folds otherwise)."""
    return not any(ch.isalpha() and not ch.isascii() for ch in pattern.pattern)


def required_literals(pattern: re.Pattern[str]) -> Literals | None:
    """Lower-cased strings one of which every match of `pattern` contains, or None."""
    if pattern.flags & re.IGNORECASE and not ascii_letters_only(pattern):
        return None
    tree = sre_parse.parse(pattern.pattern, pattern.flags)
    return sequence_literals(list(tree))


def class_chars(op: Any, av: Any) -> Literals | None:
    """The lower-cased characters a literal or a small class of literals matches."""
    if op is sre.LITERAL:
        return frozenset({chr(av).lower()})
    if op is sre.IN and all(item_op is sre.LITERAL for item_op, _ in av):
        return frozenset(chr(code).lower() for _, code in av)
    return None


def sequence_literals(items: list[tuple[Any, Any]]) -> Literals | None:
    """The most selective literal set among the mandatory parts of a sequence."""
    candidates: list[Literals] = []
    run: Literals = frozenset({""})
    for op, av in items:
        chars = class_chars(op, av)
        if chars is not None and len(run) * len(chars) <= MAX_RUN_VARIANTS:
            run = frozenset(r + c for r in run for c in chars)
            continue
        candidates.append(run)
        run = chars if chars is not None else frozenset({""})
        if chars is None:
            candidates.append(node_literals(op, av) or frozenset({""}))
    candidates.append(run)
    return most_selective(candidates)


def node_literals(op: Any, av: Any) -> Literals | None:
    """Literal set of one group, alternation or mandatory repeat; None for anything else."""
    if op is sre.SUBPATTERN:
        return sequence_literals(list(av[3]))
    if op is sre.ATOMIC_GROUP:
        return sequence_literals(list(av))
    if op in REPEATS and av[0] >= 1:
        return sequence_literals(list(av[2]))
    if op is sre.BRANCH:
        branches = [sequence_literals(list(alt)) for alt in av[1]]
        if any(b is None for b in branches):
            return None
        return frozenset().union(*(b for b in branches if b is not None))
    return None


def most_selective(candidates: list[Literals]) -> Literals | None:
    """The candidate whose shortest piece is longest: longer pieces rarely occur by chance."""
    usable = [c for c in candidates if c and "" not in c]
    if not usable:
        return None
    return pruned(max(usable, key=lambda c: (min(len(s) for s in c), -len(c))))


def pruned(pieces: Literals) -> Literals:
    """Drop pieces that contain another piece: 'troops' is found whenever 'troop' is."""
    return frozenset(p for p in pieces if not any(q != p and q in p for q in pieces))


# In a pattern's source: an escape or a group name (kept as written: '\\S' is not '\\s'),
# or a run of plain text.
SOURCE_PIECE_RE = re.compile(r"\\.|\(\?P[<=]\w+[>)]|[^\\(]+|\(", re.DOTALL)
END = sys.maxsize  # the default `endpos` of re's own methods


def lower_source(source: str) -> str:
    """A pattern's source with its letters lower-cased, escapes and group names untouched."""
    return SOURCE_PIECE_RE.sub(lower_piece, source)


def lower_piece(m: re.Match[str]) -> str:
    """One piece of a pattern's source, lower-cased unless it is an escape or a group name."""
    piece = m.group(0)
    return piece if piece.startswith(("\\", "(?P")) else piece.lower()


def lower_case_twin(pattern: re.Pattern[str]) -> re.Pattern[str]:
    """The case-sensitive pattern that matches lower-cased text where `pattern` matches the
    original: case-sensitive alternations let the regex engine skip on the first letter."""
    if not pattern.flags & re.IGNORECASE or not ascii_letters_only(pattern):
        return pattern
    source = lower_source(pattern.pattern)
    if not pattern.flags & re.VERBOSE:
        source = factored_source(source)
    twin = with_first_char_check(re.compile(source, pattern.flags & ~re.IGNORECASE))
    if twin.groupindex != pattern.groupindex:
        raise ValueError(f"lower-casing renamed the groups of {pattern.pattern!r}")
    return twin


class Unfactorable(ValueError):
    """A construct the alternation factoring does not read (the source is then kept)."""


# Look-arounds are read but their alternatives left as they are; plain, non-capturing and
# named groups are regrouped.
KEPT_OPENERS = ("(?=", "(?!", "(?<=", "(?<!")
QUANTIFIERS = ("?", "*", "+", "{")


def factored_source(source: str) -> str:
    """`source` with each group's words branched by first letter ('t(?:roops|roop)' for
    'troops|troop'): a case-sensitive engine then tests one letter per branch instead of
    every word, and matches the same text. Kept as it is when it holds anything unusual."""
    try:
        alternatives, end = read_alternatives(source, 0)
    except Unfactorable:
        return source
    return source if end != len(source) else "|".join(alternatives)


def read_alternatives(source: str, pos: int) -> tuple[list[str], int]:
    """The alternatives from `pos` to the `)` closing their group (or the end), factored
    inside, and where they stop."""
    alternatives: list[str] = []
    current: list[str] = []
    while pos < len(source) and source[pos] != ")":
        ch = source[pos]
        if ch == "|":
            alternatives.append("".join(current))
            current, pos = [], pos + 1
        elif ch == "\\":
            current.append(source[pos : pos + 2])
            pos += 2
        elif ch == "[":
            end = class_end(source, pos)
            current.append(source[pos:end])
            pos = end
        elif ch == "(":
            group, pos = read_group(source, pos)
            current.append(group)
        else:
            current.append(ch)
            pos += 1
    alternatives.append("".join(current))
    return alternatives, pos


def class_end(source: str, pos: int) -> int:
    """Just past the `]` closing the character class opened at `pos`."""
    pos += 2 if source.startswith("[^", pos) else 1
    pos += 1 if source.startswith("]", pos) else 0
    while pos < len(source) and source[pos] != "]":
        pos += 2 if source[pos] == "\\" else 1
    if pos >= len(source):
        raise Unfactorable(source)
    return pos + 1


def read_group(source: str, pos: int) -> tuple[str, int]:
    """The group opened at `pos`, its body factored when it is a plain or named group."""
    opener = group_opener(source, pos)
    alternatives, end = read_alternatives(source, pos + len(opener))
    if end >= len(source):
        raise Unfactorable(source)
    if opener not in KEPT_OPENERS:
        alternatives = by_first_letter(alternatives)
    return opener + "|".join(alternatives) + ")", end + 1


def group_opener(source: str, pos: int) -> str:
    """The opening of the group at `pos` ('(?:', '(?P<name>', '(?<=' ...)."""
    if source.startswith("(?P<", pos):
        return source[pos : source.index(">", pos) + 1]
    for opener in (*KEPT_OPENERS, "(?:"):
        if source.startswith(opener, pos):
            return opener
    if source.startswith("(?", pos):
        raise Unfactorable(source)  # inline flags, back-references, conditionals, comments
    return "("


def by_first_letter(alternatives: list[str]) -> list[str]:
    """Alternatives regrouped by their first letter within each run of ones that open with
    a plain, unquantified letter; any other alternative stays where it is, between runs."""
    out: list[str] = []
    run: list[str] = []
    for alt in alternatives:
        if plain_start(alt):
            run.append(alt)
            continue
        out.extend(run_by_first_letter(run))
        out.append(alt)
        run = []
    return out + run_by_first_letter(run)


def run_by_first_letter(alternatives: list[str]) -> list[str]:
    """Plain-letter alternatives regrouped by their first letter, their order kept within a
    letter: words with different first letters cannot match at one place, so the same text
    matches."""
    groups: dict[str, list[str]] = {}
    for alt in alternatives:
        groups.setdefault(alt[0], []).append(alt[1:])
    if len(groups) == len(alternatives):
        return alternatives
    return [
        first + rests[0] if len(rests) == 1 else f"{first}(?:{'|'.join(rests)})"
        for first, rests in groups.items()
    ]


def plain_start(alternative: str) -> bool:
    """True when `alternative` opens with a letter or digit matched once, as written."""
    return (
        alternative[:1].isascii()
        and alternative[:1].isalnum()
        and alternative[1:2] not in QUANTIFIERS
    )


# Most alternations open with \b, which keeps re from skipping ahead on the first character;
# a look-ahead for the characters a match can start with fails at once at other positions.
MAX_FIRST_CHARS = 40  # past this, a look-ahead rules out too few positions to pay


def with_first_char_check(pattern: re.Pattern[str]) -> re.Pattern[str]:
    """`pattern` behind a look-ahead for its possible first characters: the same matches,
    found sooner. Left as it is when they cannot be read off or are too many."""
    if pattern.pattern.startswith("(?") and pattern.pattern[2:3].isalpha():
        return pattern  # global inline flags must stay first
    first = first_chars(list(sre_parse.parse(pattern.pattern, pattern.flags)))
    if first is None or first[1] or not first[0] or len(first[0]) > MAX_FIRST_CHARS:
        return pattern
    chars = "".join(re.escape(ch) for ch in sorted(first[0]))
    return re.compile(f"(?=[{chars}])(?:{pattern.pattern})", pattern.flags)


First = tuple[frozenset[str], bool]  # characters a match may start with; may it be empty?
ZERO_WIDTH = (sre.AT, sre.ASSERT, sre.ASSERT_NOT)


def first_chars(items: list[tuple[Any, Any]]) -> First | None:
    """What a sequence of parse items may start with, or None when that cannot be told."""
    chars: frozenset[str] = frozenset()
    for op, av in items:
        item = item_first_chars(op, av)
        if item is None:
            return None
        chars |= item[0]
        if not item[1]:
            return chars, False
    return chars, True


def item_first_chars(op: Any, av: Any) -> First | None:
    """What one parse item may start with (case-sensitive patterns only)."""
    if op is sre.LITERAL:
        return frozenset({chr(av)}), False
    if op in ZERO_WIDTH:
        return frozenset(), True  # a look-around only narrows what follows: ignore it
    if op is sre.IN and all(item_op is sre.LITERAL for item_op, _ in av):
        return frozenset(chr(code) for _, code in av), False
    if op is sre.SUBPATTERN:
        return first_chars(list(av[3]))
    if op is sre.ATOMIC_GROUP:
        return first_chars(list(av))
    if op in REPEATS:
        body = first_chars(list(av[2]))
        return None if body is None else (body[0], body[1] or av[0] == 0)
    if op is sre.BRANCH:
        alts = [first_chars(list(alt)) for alt in av[1]]
        if any(alt is None for alt in alts):
            return None
        known = [alt for alt in alts if alt is not None]
        return frozenset().union(*(c for c, _ in known)), any(e for _, e in known)
    return None


class FastPattern:
    """A compiled pattern behind a substring gate; a case-insensitive one runs as its
    lower-case twin over lower-cased text. Every match returned is the pattern's own."""

    __slots__ = ("folds", "gate_pays", "gated", "literals", "pattern", "pieces", "twin")

    def __init__(self, pattern: re.Pattern[str], gate_pays: bool = True) -> None:
        self.pattern = pattern
        # False for a pattern whose texts nearly always hold one of its pieces (or that runs
        # on a text at most once): there the loop of `in` tests costs more than it spares.
        self.gate_pays = gate_pays
        self.literals = required_literals(pattern)
        # Shortest (most common) pieces first: an open gate is settled at the first hit.
        self.pieces = None if self.literals is None else tuple(sorted(self.literals, key=len))
        self.twin = lower_case_twin(pattern)
        self.folds = self.twin is not pattern
        # The last text gated and its target: a sentence meets the same gate several times
        # (whole, then windows of it), and the loop of `in` tests runs once.
        self.gated: tuple[str | None, str | None] = (None, None)

    def open_for(self, text: str) -> bool:
        """False when `text` (or any slice of it) cannot match the pattern."""
        seen, target = self.gated  # `target` inlined: most calls repeat the last text
        return (target if text is seen else self.target(text)) is not None

    def target(self, text: str) -> str | None:
        """What the twin runs over: the folded text, `text` itself, or None when gated out."""
        seen, target = self.gated
        if text is not seen:
            target = self.gated_target(text)
            self.gated = (text, target)
        return target

    def gated_target(self, text: str) -> str | None:
        """`target` worked out afresh: the loop of substring tests, then the text to search."""
        low = folded(text)
        if low is None:
            return text
        if self.gate_pays and self.pieces is not None:
            # `may_match` inlined: this runs ~25 times per troop sentence, and a call costs
            # as much as two substring tests.
            for piece in self.pieces:
                if piece in low:
                    break
            else:
                return None
        return low if self.folds else text

    def found_within(self, part: str, whole: str) -> bool:
        """`found(part)` for a part cut out of `whole`: the gate of the whole (remembered from
        earlier calls on it) rules out its parts, so the part is not gated again."""
        if not self.open_for(whole):
            return False
        if not self.folds or not foldable(part):
            return self.pattern.search(part) is not None
        low = part.lower()  # parts rarely recur: not cached
        if self.gate_pays and not may_match(self.pieces, low):
            return False
        return self.twin.search(low) is not None

    def found(self, text: str, pos: int = 0, endpos: int = END) -> bool:
        """Same truth as `bool(pattern.search(text, pos, endpos))`, usually much faster."""
        target = self.target(text)
        if target is None:
            return False
        engine = self.twin if target is not text else self.pattern
        return engine.search(target, pos, endpos) is not None

    def search(self, text: str, pos: int = 0, endpos: int = END) -> re.Match[str] | None:
        """Same match as `pattern.search(text, pos, endpos)`."""
        target = self.target(text)
        if target is None or target is text:
            return None if target is None else self.pattern.search(text, pos, endpos)
        hit = self.twin.search(target, pos, endpos)
        return None if hit is None else self.pattern.match(text, hit.start(), endpos)

    def finditer(self, text: str, pos: int = 0, endpos: int = END) -> Iterator[re.Match[str]]:
        """Same matches as `pattern.finditer(text, pos, endpos)`."""
        target = self.target(text)
        if target is None or target is text:
            return iter(()) if target is None else self.pattern.finditer(text, pos, endpos)
        return rematched(self.pattern, text, self.twin.finditer(target, pos, endpos), endpos)

    def folded_matches(self, text: str, pos: int = 0, endpos: int = END) -> Iterator[re.Match[str]]:
        """The matches of `finditer`, but read off the folded text where there is one: the
        same spans and groups, lower-cased, for callers that need nothing more."""
        target = self.target(text)
        if target is None:
            return iter(())
        engine = self.twin if target is not text else self.pattern
        return engine.finditer(target, pos, endpos)


def rematched(
    pattern: re.Pattern[str], text: str, hits: Iterator[re.Match[str]], endpos: int
) -> Iterator[re.Match[str]]:
    """The original pattern's match at each place its twin matched the folded text."""
    for hit in hits:
        m = pattern.match(text, hit.start(), endpos)
        if m is not None:
            yield m
