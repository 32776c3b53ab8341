"""The strict YAML reader: text only, lines kept, YAML's traps refused."""

from __future__ import annotations

import time

import pytest

from conftest import REPO
from factcheck.yamlfile import MAX_BYTES, YamlError, decode, parse


def problems_of(text: str) -> list[tuple[int, str]]:
    with pytest.raises(YamlError) as err:
        parse(text)
    return err.value.problems


def test_every_plain_scalar_is_text() -> None:
    doc = parse("date: 2026-02-01\nn: 12\nflag: yes\nnorway: no\nempty:\nquoted: ''\n")
    assert doc.data == {
        "date": "2026-02-01",
        "n": "12",
        "flag": "yes",
        "norway": "no",
        "empty": None,
        "quoted": "",
    }


def test_lines_of_values_and_nested_items() -> None:
    doc = parse("a: 1\nb:\n  - x\n  - c: 2\n    d: 3\n")
    assert doc.lines[("a",)] == 1
    assert doc.lines[("b", 0)] == 3
    assert doc.lines[("b", 1, "d")] == 5
    assert doc.line_of(("b", 1, "missing")) == 4  # falls back to the parent mapping


def test_duplicate_key_is_an_error_naming_both_lines() -> None:
    problems = problems_of("title: one\nstatus: true\ntitle: two\n")
    assert problems == [(3, "title: duplicate key (first set on line 1)")]


def test_nested_duplicate_key() -> None:
    problems = problems_of("source:\n  publisher: A\n  publisher: B\n")
    assert problems == [(3, "source.publisher: duplicate key (first set on line 2)")]


def test_alias_bomb_is_refused_quickly() -> None:
    bomb = "a: &a ['lol','lol','lol','lol','lol','lol','lol','lol','lol']\n"
    for i in range(ord("b"), ord("j")):
        prev = chr(i - 1)
        bomb += f"{chr(i)}: &{chr(i)} [*{prev},*{prev},*{prev},*{prev},*{prev},*{prev},*{prev}]\n"
    started = time.perf_counter()
    problems = problems_of(bomb)
    assert time.perf_counter() - started < 2  # a bound on harm, not a benchmark
    assert problems
    assert all("aliases" in message for _, message in problems)


def test_single_alias_is_refused() -> None:
    problems = problems_of("a: &x hello\nb: *x\n")
    assert problems == [(1, "anchors and aliases (& and *) are not allowed")]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("", (1, "the file is empty; a claim is a mapping of fields")),
        ("# only a comment\n", (1, "the file is empty; a claim is a mapping of fields")),
        (
            "a: 1\n---\nb: 2\n",
            (2, "holds more than one YAML document ('---'); a claim file holds one"),
        ),
        (
            "a: !!python/object:os.system x\n",
            (1, "the tag 'tag:yaml.org,2002:python/object:os.system' is not allowed"),
        ),
        ("a: !custom x\n", (1, "the tag '!custom' is not allowed")),
    ],
)
def test_refusals(text: str, expected: tuple[int, str]) -> None:
    assert expected in problems_of(text)


def test_malformed_yaml_names_the_line() -> None:
    problems = problems_of("title: ok\nclaim: [unclosed\nstatus: x\n")
    assert len(problems) == 1
    line, message = problems[0]
    assert message.startswith("not valid YAML: ")
    assert line in (2, 3, 4)


def test_tab_indentation_is_reported_not_raised() -> None:
    line, message = problems_of("a:\n\tb: 1\n")[0]
    assert line == 2
    assert "not valid YAML" in message


def test_decode_accepts_bom_and_crlf() -> None:
    doc = parse(decode("\ufefftitle: A\r\nclaim: B\r\n".encode()))
    assert doc.data == {"title": "A", "claim": "B"}
    assert doc.lines[("claim",)] == 2


def test_decode_rejects_non_utf8_with_line() -> None:
    with pytest.raises(YamlError) as err:
        decode(b"title: ok\nclaim: caf\xe9\n")
    assert err.value.problems == [(2, "not UTF-8 text (byte 0xe9); save it as UTF-8")]


def test_decode_rejects_huge_file() -> None:
    with pytest.raises(YamlError) as err:
        decode(b"a" * (MAX_BYTES + 1))
    assert "the limit is" in err.value.problems[0][1]


def test_reading_without_lines_gives_the_same_data() -> None:
    for path in sorted((REPO / "claims").glob("*.yaml")):
        text = decode(path.read_bytes())
        assert parse(text, lines=False).data == parse(text).data, path.name


def test_a_problem_found_without_lines_is_reported_with_its_line() -> None:
    with pytest.raises(YamlError) as err:
        parse("a: 1\nb: 2\na: 3\n", lines=False)
    assert err.value.problems == [(3, "a: duplicate key (first set on line 1)")]
    doc = parse('a: 1\nb: "x\\u202ey"\n', lines=False)
    assert doc.lines[("b",)] == 2 and doc.text_problems[0][0] == ("b",)
