"""Adversarial claim files at the size limit: what an attacker would send in a pull request.

Each generator returns the bytes of one claim file of at most `MAX_BYTES`
(256 KiB) built to make some part of validation slow: a regular expression
that backtracks, a check that compares pairs, nesting that recurses, or a
file that makes a report grow. `slowest()` times `factcheck`'s loader on every
one, each in a child process with a deadline, so a file that hangs is
reported as such rather than hanging the benchmark.

`make bench` reports the slowest; `tests/test_adversarial.py` checks that each
file gets a clear report (file:line: field: message) and never a traceback.
"""

from __future__ import annotations

import multiprocessing
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

from factcheck.yamlfile import MAX_BYTES

Generator = Callable[[], bytes]

_HEAD = """\
title: Acme will open a factory on the Moon
claim: Acme has agreed to build a factory on the Moon by 2030.
claimant: {name: Daily Example, type: organization}
date: 2026-02-01
source: {publisher: Daily Example}
counter_statements: []
status: unproven
verdict: Unproven.
evidence:
  - publisher: Example Wire
reviewed: 2026-02-03
"""


def _fill(prefix: str, unit: str, suffix: str = "", head: str = _HEAD) -> bytes:
    """head + prefix + as many units as fit under the limit + suffix."""
    room = MAX_BYTES - len((head + prefix + suffix).encode()) - 16
    count = room // len(unit.encode())
    return (head + prefix + unit * count + suffix).encode()


def long_url_of_dots() -> bytes:
    """A URL of many dots ending in a space: quadratic for a backtracking host pattern."""
    return _fill('tags: [acme]\nappearances:\n  - publisher: X\n    url: "https://', "a.", ' x"\n')


def long_url_of_at_signs() -> bytes:
    head = 'tags: [acme]\nappearances:\n  - publisher: X\n    url: "https://a'
    return _fill(head, "@a.", ' x"\n')


def _fill_field(key: str, unit: str, end: str = '"\n') -> bytes:
    """The claim with the quoted value of key made of as many units as fit."""
    lines = _HEAD.splitlines(keepends=True)
    head = "".join(line for line in lines if not line.startswith(f"{key}:"))
    return _fill(f'tags: [acme]\n{key}: "', unit, end, head=head)


def two_line_title() -> bytes:
    return _fill_field("title", "x", '\\n y"\n')


def title_of_spaces() -> bytes:
    return _fill_field("title", " ")


def tags_one_odd_item() -> bytes:
    """Many tags and one mapping: a uniqueness check that falls back to comparing pairs."""
    return _fill("tags: [{a: b}, ", "t, ", "t]\n")


def tags_all_distinct() -> bytes:
    units = ", ".join(f"t{i}" for i in range(40_000))
    return (_HEAD + f"tags: [{units}]\n").encode()[: MAX_BYTES - 2] + b"]\n"


def deep_flow_nesting() -> bytes:
    return _fill("tags: [acme]\nappearances: ", "[", "")


def deep_block_nesting() -> bytes:
    return _fill("tags: [acme]\nappearances:\n", "- ", "x\n")


def nesting_past_recursion_flow() -> bytes:
    """Deeper than Python's recursion allows, shallower than libyaml's own limit."""
    return (_HEAD + "tags: [acme]\nappearances: " + "[" * 900 + "]" * 900 + "\n").encode()


def nesting_past_recursion_block() -> bytes:
    lines = "- " * 900 + "x\n"
    return (_HEAD + "tags: [acme]\nappearances:\n" + lines).encode()


def deep_flow_mappings() -> bytes:
    return _fill("tags: [acme]\nsource: ", "{a: ", "")


def many_unknown_fields() -> bytes:
    """Thousands of misspelt fields: a "did you mean" hint compares each with every known one."""
    out, i = _HEAD + "tags: [acme]\n", 0
    while len(out) < MAX_BYTES - 64:
        out += f"stauts{i}: x\n"
        i += 1
    return out.encode()


def long_unknown_fields() -> bytes:
    """Unknown fields as long as YAML allows a key (1,024 characters): long hints, long reports."""
    return _fill("tags: [acme]\n", "".join(f"{'s' * 1000}{i:04d}: x\n" for i in range(10)))


def many_duplicate_keys() -> bytes:
    return _fill("tags: [acme]\n", "title: x\n")


def many_bad_tags() -> bytes:
    return _fill("tags:\n", "  - Bad Tag\n")


def many_control_characters() -> bytes:
    return _fill('tags: [acme]\nappearances:\n  - publisher: "', "\\x01", '"\n')


def many_line_separators() -> bytes:
    return _fill("tags: [acme]\n# ", "\u2028", "\n")


def many_lone_carriage_returns() -> bytes:
    return _fill("tags: [acme]\n#", "\r", "\n")


def many_history_entries() -> bytes:
    entry = "  - {date: 2026-02-01, status: false, reason: r}\n"
    return _fill("updated: 2026-02-03\ntags: [acme]\nhistory:\n", entry)


def many_evidence_entries() -> bytes:
    return _fill("tags: [acme]\nappearances:\n", "  - publisher: P\n")


def long_fuzzy_date() -> bytes:
    return _fill_field("date", "2026-")


def long_verdict_of_invisibles() -> bytes:
    return _fill_field("verdict", "\u200b")


def many_anchors() -> bytes:
    return _fill("tags: [acme]\nappearances:\n", "  - &a {publisher: P}\n")


def long_plain_scalar_key_chain() -> bytes:
    return _fill("tags: [acme]\nappearances: [", "{publisher: P}, ", "{publisher: P}]\n")


GENERATORS: dict[str, Generator] = {
    f.__name__.replace("_", "-"): f
    for f in (
        long_url_of_dots,
        long_url_of_at_signs,
        two_line_title,
        title_of_spaces,
        tags_one_odd_item,
        tags_all_distinct,
        deep_flow_nesting,
        deep_block_nesting,
        nesting_past_recursion_flow,
        nesting_past_recursion_block,
        deep_flow_mappings,
        many_unknown_fields,
        long_unknown_fields,
        many_duplicate_keys,
        many_bad_tags,
        many_control_characters,
        many_line_separators,
        many_lone_carriage_returns,
        many_history_entries,
        many_evidence_entries,
        long_fuzzy_date,
        long_verdict_of_invisibles,
        many_anchors,
        long_plain_scalar_key_chain,
    )
}


MAX_SECONDS = 1.0  # the target: any file of at most 256 KiB, validated or refused, on one core


def _validate_once(path: str, ratings: str) -> float:
    """Child process: the loader's time on one file."""
    from factcheck.load import load_claim, load_scale

    scale, _ = load_scale(Path(ratings))
    assert scale is not None
    started = time.perf_counter()
    load_claim(Path(path), "claims/x.yaml", scale)
    return time.perf_counter() - started


def timings(ratings: Path, deadline: float = 60.0) -> dict[str, float]:
    """Every adversarial file's validation time, by name; inf for one past the deadline.

    The files run one after another in a worker process (a fresh one after a
    file that hangs, which is stopped), so a hang is reported, not waited for.
    """
    out: dict[str, float] = {}
    ctx = multiprocessing.get_context("spawn")
    pool = ctx.Pool(1)
    try:
        with tempfile.TemporaryDirectory() as tmp:
            for name, generate in GENERATORS.items():
                path = Path(tmp) / f"{name}.yaml"
                path.write_bytes(generate())
                job = pool.apply_async(_validate_once, (str(path), str(ratings)))
                try:
                    out[name] = job.get(timeout=deadline)
                except multiprocessing.TimeoutError:
                    out[name] = float("inf")
                    pool.terminate()
                    pool = ctx.Pool(1)
    finally:
        pool.terminate()
    return out


def slowest(times: dict[str, float]) -> tuple[str, float]:
    name = max(times, key=lambda n: times[n])
    return name, times[name]
