"""Deterministic synthetic claims, and site copies that hold them.

Every word comes from the fixed lists below or from syllables combined here;
nothing is fetched. The same seed and size give byte-identical claim files.
Each generated set can be checked with the project's own loader
(`factcheck.load.load_claims`), so the generator cannot drift from the schema.
"""

from __future__ import annotations

import datetime as dt
import random
import shutil
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from factcheck.load import load_claims, load_scale
from factcheck.model import Scale
from factcheck.yamlfile import Problem

from .mkdocs_site import factcheck_options, read_config

REPO = Path(__file__).resolve().parent.parent
SEED = 20260201
TAG_VOCABULARY = 200
# Zipf exponents: how much more often the most common tag, word or rating is drawn.
TAG_ZIPF_S = 1.07
WORD_ZIPF_S = 0.8
STATUS_ZIPF_S = 0.8
SCHEMA_COMMENT = "# yaml-language-server: $schema=../scripts/factcheck/claim.schema.json\n"

# Everything a site is built from, besides its claims.
SITE_INPUTS = ("mkdocs.yml", "docs", "overrides", "ratings.yaml")


def _words(text: str) -> list[str]:
    return text.split()


# Ordinary news prose, most frequent first: the Zipf draw favours the front.
WORDS = _words(
    """
the of and to in a that for on is said with was as by it at from its has have
be would not are which an this but had were their or will been they more also
company report government deal plan market new years people year billion told
percent sales first production factory vehicles electric cars officials last
statement could million two chief executive agreement talks while after state
country trade other after over public rules data week month investment record
because since under between before against during without through about into
agency minister ministry federal national local industry group board supplier
battery batteries plant plants workers jobs union price prices cost costs tax
tariff tariffs import imports export exports policy law court ruling filing
documents document source sources interview spokesperson spokesman spokeswoman
analyst analysts investors shares stock profit loss revenue quarter forecast
announced confirmed denied reported published released approved rejected
planned proposed expected estimated claimed suggested warned argued insisted
several many most some few each every both either neither any all no only
large small major minor higher lower early late recent former current future
official private foreign domestic regional global joint separate direct
brand model models platform software chips chip network service services
energy power grid charging range mileage safety recall recalls emissions
climate fuel oil gas coal solar wind hydrogen mining minerals lithium nickel
cobalt steel aluminium copper rail road port ports shipping freight logistics
bank banks loan loans bond bonds fund funds subsidy subsidies credit credits
election campaign senator congress parliament council mayor governor president
security defence military list sanctions ban bans licence licences permit
review inquiry investigation audit hearing vote votes bill bills budget debt
city cities region regions county village border coast island province state
research study survey poll scientists university hospital school students
health food water housing transport airport airline flights ferry bridge
media newspaper broadcaster website blog post video speech remarks letter
evidence figure figures number numbers share growth decline increase decrease
however although unless whether because therefore meanwhile instead already
again still even just almost nearly roughly about around exactly precisely
"""
)

CONTENT_WORDS = WORDS[40:]  # headlines: fewer function words

SYLLABLES = _words(
    """
ka lo mi ra ten vo sul bri dan fe gor hal in jo ker lum nor pel qua ros sa tor
ul ven wes yar zen bel cor dar el fin gal hor il jan kel mar nel or pan quin
rel sel tan ur val wil xan yel zor ber cal del em fal gel hen ix kor len mor
"""
)

PUBLISHER_FORMS = (
    "The {} Times",
    "{} News",
    "{} Daily",
    "The {} Post",
    "{} Wire",
    "{} Radio",
    "{} Herald",
    "{} Review",
    "{} Ledger",
    "{} Online",
)
ORG_FORMS = ("{} Motors", "{} Group", "{} Holdings", "{} Energy", "{} Institute", "{} Council")
ROLES = (
    "chief executive",
    "spokesperson",
    "minister for industry",
    "senator",
    "analyst",
    "chair of the board",
    "in an interview",
    "at a press conference",
    "on social media",
)


# --- drawing -------------------------------------------------------------------


def zipf_weights(n: int, s: float) -> list[float]:
    """Weights 1/rank**s for ranks 1..n."""
    return [1 / (rank**s) for rank in range(1, n + 1)]


class Vocabulary:
    """Names, tags and prose words, all derived from one seed."""

    def __init__(self, rng: random.Random) -> None:
        self.rng = rng
        self.word_weights = zipf_weights(len(WORDS), WORD_ZIPF_S)
        self.names = self._unique(lambda: self._pseudo_word(2, 3).capitalize(), 400)
        self.publishers = [rng.choice(PUBLISHER_FORMS).format(name) for name in self.names[:150]]
        self.orgs = [rng.choice(ORG_FORMS).format(name) for name in self.names[150:250]]
        self.people = [
            f"{first} {last}"
            for first, last in zip(self.names[250:325], self.names[325:400], strict=True)
        ]
        self.tags = self._unique(self._tag, TAG_VOCABULARY)
        self.tag_weights = zipf_weights(len(self.tags), TAG_ZIPF_S)

    def _unique(self, make: Any, count: int) -> list[str]:
        seen: dict[str, None] = {}
        while len(seen) < count:
            seen.setdefault(make(), None)
        return list(seen)

    def _pseudo_word(self, low: int, high: int) -> str:
        return "".join(self.rng.choice(SYLLABLES) for _ in range(self.rng.randint(low, high)))

    def _tag(self) -> str:
        first = self._pseudo_word(2, 3)
        if self.rng.random() < 0.4:
            return f"{first}-{self.rng.choice(WORDS[60:])}"
        return first

    def words(self, count: int) -> list[str]:
        return self.rng.choices(WORDS, self.word_weights, k=count)

    def sentence(self, low: int, high: int) -> str:
        text = " ".join(self.words(self.rng.randint(low, high)))
        return text[0].upper() + text[1:] + "."

    def sentences(self, low: int, high: int, words: tuple[int, int] = (8, 22)) -> str:
        return " ".join(self.sentence(*words) for _ in range(self.rng.randint(low, high)))

    def title(self, long: bool = False) -> str:
        """A headline: who, then content words; within 75 characters unless long."""
        rng = self.rng
        who = rng.choice(self.orgs + self.people + self.publishers)
        words = " ".join(rng.choices(CONTENT_WORDS, k=rng.randint(10, 14) if long else 6))
        text = f"{who} {words}"
        if not long and len(text) > 75:
            text = text[:75].rsplit(" ", 1)[0]
        return text

    def pick_tags(self, count: int) -> list[str]:
        chosen: dict[str, None] = {}
        while len(chosen) < count:
            chosen.setdefault(self.rng.choices(self.tags, self.tag_weights)[0], None)
        return list(chosen)


# --- dates -----------------------------------------------------------------------

FIRST_DAY = dt.date(2012, 1, 1)
LAST_DAY = dt.date(2024, 6, 30)  # claims made until then; reviews and updates follow


def _day(rng: random.Random, start: dt.date = FIRST_DAY, end: dt.date = LAST_DAY) -> dt.date:
    """A day between start and end, both included."""
    return start + dt.timedelta(days=rng.randint(0, max(0, (end - start).days)))


def fuzzy(rng: random.Random, day: dt.date) -> str:
    """A claim date as fact-checkers know it: mostly a day, sometimes less."""
    roll = rng.random()
    if roll < 0.70:
        return day.isoformat()
    if roll < 0.80:
        return f"{day:%Y-%m}"
    if roll < 0.85:
        return f"{day:%Y}"
    return f"{day.isoformat()}/{(day + dt.timedelta(days=rng.randint(1, 3))).isoformat()}"


# --- claims ----------------------------------------------------------------------


def _slug(text: str) -> str:
    return "-".join(
        "".join(ch for ch in word.lower() if ch.isalnum()) for word in text.split()
    ).strip("-")


class ClaimFactory:
    """Claims as plain data, in the shape of claims/<id>.yaml."""

    def __init__(self, scale: Scale, seed: int = SEED) -> None:
        self.rng = random.Random(seed)
        self.vocab = Vocabulary(self.rng)
        self.status_ids = list(scale.ids)
        order = self.status_ids[:]
        self.rng.shuffle(order)  # which rating is most common: seeded, not by position
        weight = dict(zip(order, zipf_weights(len(order), STATUS_ZIPF_S), strict=True))
        self.status_weights = [weight[s] for s in self.status_ids]

    def _url(self, publisher: str, day: dt.date, title: str) -> str:
        host = _slug(publisher).replace("the-", "")
        return f"https://www.{host}.example.org/{day:%Y/%m}/{_slug(title)[:60].strip('-')}"

    def source(self, day: dt.date, with_note: float = 0.4) -> dict[str, str]:
        rng, vocab = self.rng, self.vocab
        publisher = rng.choice(vocab.publishers)
        title = vocab.sentence(5, 12).rstrip(".")
        out: dict[str, Any] = {"publisher": publisher}
        if rng.random() < 0.7:
            out["title"] = title
        if rng.random() < 0.3:
            out["author"] = {"name": rng.choice(vocab.people), "type": "person"}
        if rng.random() < 0.75:
            out["url"] = self._url(publisher, day, title)
        if rng.random() < 0.8:
            out["date"] = fuzzy(rng, day)
        if rng.random() < with_note:
            out["note"] = vocab.sentences(1, 2, (8, 18))
        return out

    def party(self, name: str) -> dict[str, str]:
        return {"name": name, "type": "person" if name in self.vocab.people else "organization"}

    def counter_statement(self, day: dt.date) -> dict[str, Any]:
        rng, vocab = self.rng, self.vocab
        said = day + dt.timedelta(days=rng.randint(0, 20))
        out: dict[str, Any] = {
            "by": self.party(rng.choice(vocab.orgs + vocab.people)),
            "text": vocab.sentences(1, 2, (8, 16)),
            "date": fuzzy(rng, said),
        }
        if rng.random() < 0.5:
            out["url"] = self._url(rng.choice(vocab.publishers), said, out["text"][:40])
        else:
            out["source"] = self.source(said, with_note=0.1)
        return out

    def claim(self, number: int) -> tuple[str, dict[str, Any]]:
        """The id and data of claim number `number` of the set."""
        rng, vocab = self.rng, self.vocab
        title = vocab.title(long=rng.random() < 0.03)
        claim_id = f"{_slug(' '.join(title.split()[:5]))}-{number}"
        made = _day(rng)
        person = rng.random() < 0.6
        claimant: dict[str, str] = {
            "name": rng.choice(vocab.people if person else vocab.orgs + vocab.publishers),
            "type": "person" if person else "organization",
        }
        if rng.random() < 0.5:
            claimant["role"] = rng.choice(ROLES)
        reviewed = made + dt.timedelta(days=rng.randint(1, 400))
        status = rng.choices(self.status_ids, self.status_weights)[0]
        data: dict[str, Any] = {
            "title": title,
            "claim": vocab.sentences(1, 2, (12, 24)),
            "claimant": claimant,
            "date": fuzzy(rng, made),
            "source": self.source(made),
            "appearances": [
                self.source(made + dt.timedelta(days=rng.randint(0, 30)))
                for _ in range(rng.randint(1, 3))
            ],
            "counter_statements": [
                self.counter_statement(made)
                for _ in range(rng.choices((0, 1, 2, 3), (40, 35, 15, 10))[0])
            ],
            "status": status,
            "verdict": "\n\n".join(vocab.sentences(2, 4) for _ in range(rng.randint(2, 4))) + "\n",
            "evidence": [
                self.source(_day(rng, made, reviewed), with_note=0.7)
                for _ in range(rng.randint(1, 4))
            ],
            "tags": vocab.pick_tags(rng.randint(2, 6)),
            "reviewed": reviewed.isoformat(),
        }
        if rng.random() < 0.12:
            updated = reviewed + dt.timedelta(days=rng.randint(1, 300))
            data["updated"] = updated.isoformat()
            if rng.random() < 0.4:
                data["history"] = self.history(status, reviewed, updated)
        return claim_id, data

    def history(self, status: str, reviewed: dt.date, updated: dt.date) -> list[dict[str, str]]:
        rng = self.rng
        earlier = [s for s in self.status_ids if s != status]
        days = sorted(_day(rng, reviewed, updated) for _ in range(rng.randint(1, 2)))
        return [
            {
                "date": day.isoformat(),
                "status": rng.choice(earlier),
                "reason": self.vocab.sentences(1, 2, (8, 16)),
            }
            for day in days
        ]


def claims(count: int, scale: Scale, seed: int = SEED) -> Iterator[tuple[str, dict[str, Any]]]:
    factory = ClaimFactory(scale, seed)
    for number in range(1, count + 1):
        yield factory.claim(number)


# --- YAML --------------------------------------------------------------------------


try:  # libyaml's emitter where PyYAML has it; the same YAML either way
    _BaseDumper: type[yaml.SafeDumper] = yaml.CSafeDumper  # type: ignore[assignment]
except AttributeError:  # pragma: no cover - depends on how PyYAML was built
    _BaseDumper = yaml.SafeDumper


class _ClaimDumper(_BaseDumper):  # type: ignore[misc,valid-type]
    """Plain YAML as an editor writes it: no anchors, block text for paragraphs."""

    def ignore_aliases(self, data: Any) -> bool:
        return True


def _str(dumper: yaml.SafeDumper, text: str) -> yaml.ScalarNode:
    style = "|" if "\n" in text else None
    return dumper.represent_scalar("tag:yaml.org,2002:str", text, style=style)


_ClaimDumper.add_representer(str, _str)


def claim_yaml(data: dict[str, Any]) -> str:
    body = yaml.dump(
        data, Dumper=_ClaimDumper, sort_keys=False, allow_unicode=True, width=88, indent=2
    )
    return SCHEMA_COMMENT + body


# --- site copies ----------------------------------------------------------------------


@dataclass(frozen=True)
class SyntheticSite:
    """A copy of the site's inputs whose claims/ holds `count` synthetic claims."""

    root: Path
    count: int
    claims_dir: Path
    ratings: Path
    words_mean: float = 0.0  # words of text per claim
    tags_used: int = 0
    top_tag_share: float = 0.0  # fraction of claims carrying the most common tag

    @property
    def config_file(self) -> Path:
        return self.root / "mkdocs.yml"

    def claim_file(self, claim_id: str) -> Path:
        return self.claims_dir / f"{claim_id}.yaml"

    def claim_ids(self) -> list[str]:
        return sorted(p.stem for p in self.claims_dir.glob("*.yaml"))


def repo_scale(repo: Path = REPO) -> Scale:
    options = factcheck_options(read_config(repo / "mkdocs.yml"))
    scale, problems = load_scale(repo / options["ratings"])
    if scale is None:
        raise SystemExit("\n".join(map(str, problems)))
    return scale


def copy_inputs(dest: Path, repo: Path = REPO) -> None:
    """mkdocs.yml, docs/, overrides/ and ratings.yaml; never claims/ or site/."""
    dest.mkdir(parents=True, exist_ok=True)
    for name in SITE_INPUTS:
        src = repo / name
        if src.is_dir():
            shutil.copytree(src, dest / name)
        elif src.exists():
            shutil.copy2(src, dest / name)


def make_site(dest: Path, count: int, seed: int = SEED, repo: Path = REPO) -> SyntheticSite:
    """A copy of the site at dest with `count` synthetic claims instead of the real ones."""
    copy_inputs(dest, repo)
    options = factcheck_options(read_config(dest / "mkdocs.yml"))
    claims_dir = dest / options["claims_dir"]
    if claims_dir.exists():
        shutil.rmtree(claims_dir)
    claims_dir.mkdir(parents=True)
    ratings = dest / options["ratings"]
    scale, problems = load_scale(ratings)
    if scale is None:
        raise SystemExit("\n".join(map(str, problems)))
    words = 0
    tags: Counter[str] = Counter()
    for claim_id, data in claims(count, scale, seed):
        (claims_dir / f"{claim_id}.yaml").write_text(claim_yaml(data), encoding="utf-8")
        words += word_count(data)
        tags.update(data["tags"])
    top = tags.most_common(1)[0][1] if tags else 0
    return SyntheticSite(
        dest, count, claims_dir, ratings, words / max(count, 1), len(tags), top / max(count, 1)
    )


def validate(site: SyntheticSite) -> list[Problem]:
    """Every problem the project's loader finds in the synthetic claims (none expected)."""
    scale, problems = load_scale(site.ratings)
    if scale is None:
        return problems
    result = load_claims([site.claims_dir], scale, site.root)
    if len(result.claims) != site.count:
        missing = site.count - len(result.claims)
        result.problems.append(Problem(str(site.claims_dir), 1, "", f"{missing} claims missing"))
    return result.problems


def word_count(data: Any) -> int:
    """Words of text in a claim's data (keys, dates and URLs excluded)."""
    if isinstance(data, dict):
        return sum(word_count(v) for k, v in data.items() if k not in ("url", "date", "status"))
    if isinstance(data, list):
        return sum(word_count(v) for v in data)
    return len(str(data).split())
