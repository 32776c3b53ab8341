"""The `factcheck` command.

`factcheck validate [PATH ...]`: exit 0 all claims valid, 1 a problem was found, 2 usage error.
`factcheck new ID [--title ...]`: create claims/ID.yaml; exit 2 for a bad or taken id.
`factcheck init DIR [--name ...]`: write a new site into DIR; exit 2 if it cannot.
`factcheck import SOURCE...`: claim files from saved ClaimReview markup; exit 1 if any was refused.
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import sys
from collections.abc import Sequence
from pathlib import Path

from . import importcli, init
from .load import load_claims, load_scale
from .model import Scale
from .new import QUESTIONS, NewClaimError, ask_missing, check_id, render_claim
from .text import for_log
from .yamlfile import Problem

EXIT_OK, EXIT_INVALID, EXIT_USAGE = 0, 1, 2


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="factcheck", description="Fact-check site tools.")
    commands = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")
    validate = commands.add_parser(
        "validate",
        help="check claim files and report every problem",
        description="Check claim files against the schema and the rating scale. "
        "Prints every problem as FILE:LINE: FIELD: MESSAGE.",
    )
    validate.add_argument(
        "paths",
        nargs="*",
        type=Path,
        metavar="PATH",
        help="claim files or folders (default: claims/)",
    )
    validate.add_argument(
        "--ratings",
        type=Path,
        default=Path("ratings.yaml"),
        help="the rating scale file (default: ratings.yaml)",
    )
    new = commands.add_parser(
        "new",
        help="create claims/<id>.yaml from the annotated template",
        description="Create a claim file from the annotated template. Essentials not given "
        "as options are asked for at the terminal; the rest is left for you to fill in, "
        "and the validator lists what is missing.",
    )
    new.add_argument("id", help="the claim id: a lowercase slug, also its permanent address")
    for q in QUESTIONS:
        new.add_argument(f"--{q.name.replace('_', '-')}", dest=q.name, help=q.prompt)
    new.add_argument("--claims-dir", type=Path, default=Path("claims"), help="default: claims/")
    new.add_argument("--ratings", type=Path, default=Path("ratings.yaml"))
    new.add_argument("--no-input", action="store_true", help="never prompt, even at a terminal")
    start = commands.add_parser(
        "init",
        help="start a new fact-check site in DIR",
        description="Write a complete, working fact-check site into DIR (new or empty): "
        "settings, rating scale, an example claim, the transparency pages and the "
        "repository host's files. Answers not given as options are asked for at the terminal.",
    )
    start.add_argument("dir", type=Path, metavar="DIR", help="the new site's folder")
    for question in init.QUESTIONS:
        start.add_argument(f"--{question.name}", dest=question.name, help=question.prompt)
    start.add_argument("--no-input", action="store_true", help="never prompt, even at a terminal")
    importcli.add_parser(commands)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)  # exits 2 on a usage error
    if args.command == "validate":
        return validate(args.paths or [Path("claims")], args.ratings, parser)
    if args.command == "new":
        return new_claim(args, parser)
    if args.command == "init":
        return init_site(args, parser)
    if args.command == "import":
        return importcli.run(args, parser)
    return EXIT_USAGE  # pragma: no cover - argparse requires a command


def validate(paths: list[Path], ratings: Path, parser: argparse.ArgumentParser) -> int:
    missing = [p for p in paths if not p.exists() and not p.is_symlink()]
    if missing:
        parser.error(f"no such file or folder: {', '.join(map(str, missing))}")
    scale = _scale_or_exit(ratings, parser)
    result = load_claims(paths, scale, root=Path.cwd())
    if result.problems:
        return report(result.problems)
    print(f"{len(result.claims)} claim(s) valid.")
    return EXIT_OK


def new_claim(args: argparse.Namespace, parser: argparse.ArgumentParser) -> int:
    scale = _scale_or_exit(args.ratings, parser)
    try:
        path = check_id(args.id, args.claims_dir)
    except NewClaimError as err:
        parser.error(str(err))
    interactive = sys.stdin.isatty() and not args.no_input
    answers = ask_missing(vars(args), input if interactive else None)
    args.claims_dir.mkdir(parents=True, exist_ok=True)
    with path.open("x", encoding="utf-8") as out:  # "x": never overwrite
        out.write(render_claim(answers, scale, dt.date.today()))
    print(f"Created {path}.")
    result = load_claims([path], scale, root=Path.cwd())
    if result.problems:
        print("Still to fill in (then run: factcheck validate):")
        for problem in result.problems:
            print(f"  {problem}")
    return EXIT_OK


def init_site(args: argparse.Namespace, parser: argparse.ArgumentParser) -> int:
    interactive = sys.stdin.isatty() and not args.no_input
    given = {q.name: getattr(args, q.name) for q in init.QUESTIONS}
    try:
        answers = init.check_answers(
            init.ask_missing(given, input if interactive else None), init.theme_languages()
        )
        init.write_site(args.dir, init.plan_site(answers, dt.date.today()))
    except init.InitError as err:
        parser.error(str(err))
    print(init.next_steps(args.dir, answers))
    return EXIT_OK


def _scale_or_exit(ratings: Path, parser: argparse.ArgumentParser) -> Scale:
    if not ratings.is_file():
        parser.error(f"rating scale not found: {ratings} (use --ratings PATH)")
    scale, problems = load_scale(ratings)
    if scale is None:
        report(problems)
        sys.exit(EXIT_INVALID)
    return scale


def report(problems: list[Problem]) -> int:
    in_actions = os.environ.get("GITHUB_ACTIONS") == "true"
    for problem in problems:
        print(problem, file=sys.stderr)
        if in_actions:
            print(github_annotation(problem))
    files = len({p.path for p in problems})
    print(f"{len(problems)} problem(s) in {files} file(s).", file=sys.stderr)
    return EXIT_INVALID


def github_annotation(problem: Problem) -> str:
    """A GitHub Actions workflow command that marks the line in the PR diff.

    Escaped as GitHub's format requires (%, CR and LF in the message; also : and
    , in properties), then every other unprintable character shown as an escape:
    contributor text can neither end the command nor start another.
    """
    message = f"{problem.field}: {problem.message}" if problem.field else problem.message
    path = _command_data(problem.path).replace(":", "%3A").replace(",", "%2C")
    return f"::error file={path},line={problem.line}::{_command_data(message)}"


def _command_data(text: str) -> str:
    return for_log(text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A"))


def run() -> None:  # pragma: no cover - console entry wrapper
    sys.exit(main())


if __name__ == "__main__":  # pragma: no cover
    run()
