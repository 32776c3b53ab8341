"""The domain objects: a claim, its sources, and the rating scale."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from .dates import FuzzyDate, parse_day, parse_fuzzy


@dataclass(frozen=True)
class Party:
    """A person or an organisation: who made a claim, denied it, or wrote a source."""

    name: str
    type: str  # "person" or "organization"
    role: str | None = None

    @classmethod
    def from_data(cls, data: dict[str, Any]) -> Party:
        return cls(name=data["name"], type=data["type"], role=data.get("role"))


Claimant = Party


@dataclass(frozen=True)
class Source:
    """A published work: where a claim appeared, or evidence for a verdict."""

    publisher: str
    title: str | None = None
    author: Party | None = None
    url: str | None = None
    date: FuzzyDate | None = None
    note: str | None = None

    @classmethod
    def from_data(cls, data: dict[str, Any]) -> Source:
        date, author = data.get("date"), data.get("author")
        return cls(
            publisher=data["publisher"],
            title=data.get("title"),
            author=Party.from_data(author) if author else None,
            url=data.get("url"),
            date=parse_fuzzy(date) if date else None,
            note=data.get("note"),
        )


@dataclass(frozen=True)
class CounterStatement:
    """A denial or rebuttal, quoted word for word and attributed."""

    by: Party
    text: str
    date: FuzzyDate
    url: str | None = None
    source: Source | None = None

    @classmethod
    def from_data(cls, data: dict[str, Any]) -> CounterStatement:
        source = data.get("source")
        return cls(
            by=Party.from_data(data["by"]),
            text=data["text"],
            date=parse_fuzzy(data["date"]),
            url=data.get("url"),
            source=Source.from_data(source) if source else None,
        )


@dataclass(frozen=True)
class HistoryEntry:
    """An earlier rating, replaced on `date` for `reason`."""

    date: dt.date
    status: str
    reason: str


@dataclass(frozen=True)
class Claim:
    """One checked claim, as read from claims/<id>.yaml."""

    id: str
    path: str
    title: str
    claim: str
    claimant: Claimant
    date: FuzzyDate
    source: Source
    status: str
    verdict: str
    reviewed: dt.date
    appearances: tuple[Source, ...] = ()
    counter_statements: tuple[CounterStatement, ...] = ()
    evidence: tuple[Source, ...] = ()
    tags: tuple[str, ...] = ()
    updated: dt.date | None = None
    history: tuple[HistoryEntry, ...] = ()
    summary: str | None = None  # the verdict in one sentence, where the claim gives it

    @property
    def last_changed(self) -> dt.date:
        return self.updated or self.reviewed

    @classmethod
    def from_data(cls, claim_id: str, path: str, data: dict[str, Any]) -> Claim:
        """Build from data that has passed validation."""
        updated = data.get("updated")
        return cls(
            id=claim_id,
            path=path,
            title=data["title"],
            claim=data["claim"],
            claimant=Party.from_data(data["claimant"]),
            date=parse_fuzzy(data["date"]),
            source=Source.from_data(data["source"]),
            status=data["status"],
            verdict=data["verdict"],
            reviewed=parse_day(data["reviewed"]),
            appearances=tuple(Source.from_data(s) for s in data.get("appearances") or ()),
            counter_statements=tuple(
                CounterStatement.from_data(c) for c in data["counter_statements"]
            ),
            evidence=tuple(Source.from_data(s) for s in data["evidence"]),
            tags=tuple(data["tags"]),
            updated=parse_day(updated) if updated else None,
            history=tuple(
                HistoryEntry(parse_day(h["date"]), h["status"], h["reason"])
                for h in data.get("history") or ()
            ),
            summary=data.get("summary"),
        )


@dataclass(frozen=True)
class Rating:
    """One step of the rating scale."""

    id: str
    label: str
    meaning: str
    color: str
    icon: str
    rank: int  # 1 = worst


@dataclass(frozen=True)
class Scale:
    """The rating scale, worst first."""

    ratings: tuple[Rating, ...]
    by_id: dict[str, Rating] = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "by_id", {r.id: r for r in self.ratings})

    def __getitem__(self, rating_id: str) -> Rating:
        return self.by_id[rating_id]

    def __contains__(self, rating_id: object) -> bool:
        return rating_id in self.by_id

    @property
    def ids(self) -> list[str]:
        return [r.id for r in self.ratings]
