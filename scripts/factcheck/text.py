"""Rules for contributor text, and making text safe for each place it goes.

What a claim's text may hold: any character a reader can see, plus tab and
line break. It may not hold characters that change what a reviewer sees
without showing themselves: control characters, the line separators git
diffs don't show, bidi embeddings, overrides and isolates ("Trojan Source"),
surrogates and noncharacters. A value made only of invisible characters is
blank.

Whatever passes, each output gets its own guard: `for_log` for terminals and
CI logs, `for_xml` for the Atom feed, `for_csv` for spreadsheets.
Every function here is linear in its input: one pass, no backtracking.
"""

from __future__ import annotations

import re
import unicodedata

# Characters refused in any text value, as a regular-expression class.
_CONTROL = "\x00-\x08\x0b-\x1f\x7f-\x9f"  # C0 and C1 controls but tab and line feed
_SEPARATORS = "\u2028\u2029"  # line and paragraph separator (NEL, U+0085, is a C1 control)
_BIDI = "\u202a-\u202e\u2066-\u2069"  # embeddings, overrides, isolates
_NONCHARACTERS = "\ufdd0-\ufdef\ufffe\uffff" + "".join(
    f"{chr(plane * 0x10000 + 0xFFFE)}{chr(plane * 0x10000 + 0xFFFF)}" for plane in range(1, 17)
)
_SURROGATES = "\ud800-\udfff"
_FORBIDDEN = re.compile(f"[{_CONTROL}{_SEPARATORS}{_BIDI}{_NONCHARACTERS}{_SURROGATES}]")

# Characters that draw nothing though they are letters or symbols: Hangul
# fillers, the blank Braille pattern, the combining grapheme joiner.
_BLANK_LETTERS = frozenset("\u115f\u1160\u3164\uffa0\u2800\u034f\u17b4\u17b5")
# Categories that draw nothing on their own: format characters (zero-width
# space and joiners, BOM, soft hyphen, tag characters), separators, and
# combining marks with nothing to combine with (including variation selectors).
_INVISIBLE_CATEGORIES = frozenset({"Cf", "Cc", "Zs", "Zl", "Zp", "Mn", "Me", "Cn", "Co", "Cs"})

# Combining marks on one character: scripts that stack marks use a few; text
# that stacks dozens ("Zalgo") draws over the lines above and below it.
MAX_MARKS = 10

# Not allowed anywhere in an XML 1.0 document, even escaped.
_NOT_XML = re.compile("[^\t\n\r\x20-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")

# A spreadsheet reads a cell that starts with one of these as a formula (OWASP).
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def codepoint(char: str) -> str:
    """'\\u202e' -> 'U+202E RIGHT-TO-LEFT OVERRIDE' (the name where Unicode has one)."""
    name = unicodedata.name(char, "")
    return f"U+{ord(char):04X}" + (f" {name}" if name else "")


def char_problem(value: str) -> str | None:
    """Why value's first refused character is refused, or None if it has none."""
    # Fast paths in C: every refused character is unprintable (Cc, Cf, Zl, Zp, Cs or Cn).
    if value.isprintable() or value.replace("\n", "").replace("\t", "").isprintable():
        return None
    found = _FORBIDDEN.search(value)
    if found is None:
        return None
    char = found.group()
    where = f"{codepoint(char)} at character {found.start() + 1:,}"
    if char in _SEPARATORS:
        return (
            f"holds {where}, a line break that most editors and diffs don't show; "
            "use a plain line break"
        )
    if re.match(f"[{_BIDI}]", char):
        return (
            f"holds {where}, a bidi control that makes text display in another order "
            "than it is written; remove it (the marks U+200E and U+200F are allowed)"
        )
    if re.match(f"[{_CONTROL}]", char):
        return f"holds the control character {where}; text may hold tabs and line breaks only"
    return f"holds {where}, which is not a character text may hold; remove it"


def is_blank(value: str) -> bool:
    """True if value shows nothing: only spaces and invisible characters."""
    for char in value:  # stops at the first visible character
        if char.isspace() or char in _BLANK_LETTERS:
            continue
        if unicodedata.category(char) not in _INVISIBLE_CATEGORIES:
            return False
    return True


def blank_problem(value: str) -> str | None:
    """A message for a value that is not empty but shows nothing (empty ones the schema reports)."""
    if not value.strip() or not is_blank(value):
        return None
    kinds = sorted({codepoint(c) for c in value if not c.isspace()})
    shown = ", ".join(kinds[:3]) + (", ..." if len(kinds) > 3 else "")
    return f"is blank: it holds only invisible characters ({shown}); write the text"


def marks_problem(value: str) -> str | None:
    """A message for a character carrying more than MAX_MARKS combining marks."""
    run = longest = 0
    for char in value:
        run = run + 1 if _is_mark(char) else 0
        longest = max(longest, run)
    if longest <= MAX_MARKS:
        return None
    return (
        f"stacks {longest} combining marks on one character, which draws over the text "
        f"around it; at most {MAX_MARKS}"
    )


def _is_mark(char: str) -> bool:
    return unicodedata.category(char) in ("Mn", "Me")


def value_problem(value: str) -> str | None:
    """The first rule value breaks: a refused character, blank, or stacked marks."""
    if value.isascii():  # the common case: only a control character can be wrong
        return char_problem(value)
    return char_problem(value) or blank_problem(value) or marks_problem(value)


def for_log(value: str) -> str:
    """Text safe to print on a terminal or in a CI log: every unprintable character escaped.

    Line breaks, carriage returns, escape sequences, bidi controls, separators
    and unpaired surrogates become visible escapes (\\n, \\x1b, \\u202e), so
    no contributor text can start a new log line, a workflow command or a
    terminal sequence.
    """
    if value.isprintable():
        return value
    return "".join(char if char.isprintable() else _escape(char) for char in value)


def _escape(char: str) -> str:
    """An unprintable character as Python writes it: \\n, \\x1b, \\u202e, \\U000e0001."""
    return repr(char)[1:-1]


def for_xml(value: str) -> str:
    """Text with the characters XML 1.0 forbids removed (escaping is the template's job)."""
    return _NOT_XML.sub("", value)


def for_csv(value: str) -> str:
    """A CSV cell a spreadsheet shows as text: a leading formula character gets a quote.

    OWASP's advice for CSV injection: a cell that starts with =, +, -, @, tab
    or carriage return is prefixed with a single quote, which spreadsheets
    show as text and do not evaluate.
    """
    if value.startswith(_FORMULA_START):
        return "'" + value
    return value
