"""The `factcheck import` command: options, and the report it prints.

stdout: each file written (and what is left to fill in), each review skipped
as already imported, and a summary. stderr: every value refused and every
source or part that could not be read, as SOURCE: REVIEW: FIELD: MESSAGE, all
at once. Exit 0: everything found was imported (files may still need
editing); 1: something was refused or unreadable; 2: a usage error (a web
address, a missing file, no rating scale).
"""

from __future__ import annotations

import argparse
import sys
from collections import Counter
from pathlib import Path
from typing import Any

from .importer import Result, import_sources
from .importread import is_url_argument
from .load import load_scale
from .model import Scale
from .ratingmap import RatingMap, default_text, load_default, load_mapping, merged
from .text import for_log

EXIT_OK, EXIT_PROBLEMS, EXIT_USAGE = 0, 1, 2


def add_parser(commands: Any) -> None:
    """The `import` subcommand, on the subparsers of `factcheck`."""
    parser = commands.add_parser(
        "import",
        help="bring in ClaimReview markup (saved pages, feeds, API responses) as claim files",
        description="Write one claim file per ClaimReview found in saved JSON-LD, HTML pages, "
        "schema.org DataFeeds or Fact Check Tools API responses. Nothing is fetched and "
        "nothing is overwritten; what the markup does not say is left empty for an editor, "
        "and `factcheck validate` lists it.",
    )
    parser.add_argument(
        "sources",
        nargs="*",
        metavar="SOURCE",
        help="saved .json/.jsonld/.html files, or folders of them (never a web address)",
    )
    parser.add_argument("--claims-dir", type=Path, default=Path("claims"), help="default: claims/")
    parser.add_argument("--ratings", type=Path, default=Path("ratings.yaml"))
    parser.add_argument(
        "--mapping",
        type=Path,
        help="a rating mapping (YAML) whose entries are added to the default one",
    )
    parser.add_argument("--dry-run", action="store_true", help="report, write nothing")
    parser.add_argument(
        "--print-mapping",
        action="store_true",
        help="print the default rating mapping, to save, edit and pass with --mapping",
    )


def run(args: argparse.Namespace, parser: argparse.ArgumentParser) -> int:
    if args.print_mapping:
        sys.stdout.write(default_text())
        return EXIT_OK
    sources = _sources(args.sources, parser)
    scale = _scale(args.ratings, parser)
    if scale is None:
        return EXIT_PROBLEMS
    mapping = _mapping(args.mapping, scale, parser)
    if mapping is None:
        return EXIT_PROBLEMS
    result = import_sources(
        sources, args.claims_dir, scale, mapping, root=Path.cwd(), dry_run=args.dry_run
    )
    return report(result, args.dry_run)


def _sources(arguments: list[str], parser: argparse.ArgumentParser) -> list[Path]:
    """The SOURCE arguments as paths; a web address or a missing file is a usage error.
    (Checked as text first: Path("https://x") would read as the folder "https:".)"""
    if not arguments:
        parser.error("give SOURCE: saved files or folders to import (or --print-mapping)")
    for argument in arguments:
        if is_url_argument(argument):
            parser.error(
                f"{for_log(argument)} is a web address; factcheck import never fetches: "
                "save the page (or the API response) to a file, then import the file"
            )
    sources = [Path(a) for a in arguments]
    missing = [s for s in sources if not s.exists() and not s.is_symlink()]
    if missing:
        parser.error(f"no such file or folder: {', '.join(for_log(str(m)) for m in missing)}")
    return sources


def _scale(ratings: Path, parser: argparse.ArgumentParser) -> Scale | None:
    if not ratings.is_file():
        parser.error(f"rating scale not found: {ratings} (use --ratings PATH)")
    scale, problems = load_scale(ratings)
    for problem in problems:
        print(problem, file=sys.stderr)
    return scale


def _mapping(path: Path | None, scale: Scale, parser: argparse.ArgumentParser) -> RatingMap | None:
    default = load_default(scale)
    if path is None:
        return default
    if not path.is_file():
        parser.error(f"rating mapping not found: {path}")
    mapping, problems = load_mapping(path, scale)
    for problem in problems:
        print(problem, file=sys.stderr)
    return merged(default, mapping) if mapping is not None else None


def report(result: Result, dry_run: bool = False) -> int:
    verb = "Would create" if dry_run else "Created"
    for written in result.written:
        todo = ", ".join(name for name, _ in written.todo)
        left = f"; to fill in: {todo}" if todo else ""
        print(
            for_log(f"{verb} {written.path.as_posix()} ({written.source}, {written.where}){left}")
        )
    for line in result.skipped:
        print(for_log(f"Skipped {line}"))
    if result.ignored:
        names = ", ".join(p.as_posix() for p in result.ignored[:10])
        more = f" and {len(result.ignored) - 10:,} more" if len(result.ignored) > 10 else ""
        print(
            for_log(f"Ignored (not .json, .jsonld, .jsonl, .ndjson, .html or .htm): {names}{more}")
        )
    print(summary(result, dry_run))
    for problem in result.problems:
        print(problem, file=sys.stderr)
    if result.problems:
        sources = len({p.source for p in result.problems})
        print(
            f"{len(result.problems)} problem(s) in {sources} source(s): what they name was "
            "not imported.",
            file=sys.stderr,
        )
        return EXIT_PROBLEMS
    return EXIT_OK


def summary(result: Result, dry_run: bool = False) -> str:
    files = len(result.written)
    incomplete = sum(1 for w in result.written if w.todo)
    text = f"{files} claim file(s) {'would be ' if dry_run else ''}written"
    if incomplete:
        text += f", {incomplete} with fields to fill in (then run: factcheck validate)"
    if result.skipped:
        text += f"; {len(result.skipped)} review(s) already imported"
    unrated = Counter(w.rating for w in result.written if w.status is None)
    if unrated:
        listed = ", ".join(f"{rating} ×{n}" for rating, n in unrated.most_common(10))
        text += f". Ratings left to an editor: {listed}"
    return for_log(text + ".")
