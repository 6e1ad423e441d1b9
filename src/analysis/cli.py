"""Command-line interface: `build` the processed tables, render the `report`, and more.

`main()` only parses arguments and calls importable functions; user errors end in one
line on stderr and a non-zero exit, never a traceback.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence
from pathlib import Path

from analysis.errors import InputError
from analysis.render import BuildError

__all__ = ["main"]

LEVELS = ("person", "organisation", "bloc")
SOURCES = ("curated", "auto", "combined")


def _add_build(sub: argparse._SubParsersAction) -> None:
    parser = sub.add_parser("build", help="ingest a raw folder and write the processed tables")
    parser.add_argument("--raw-dir", type=Path, default=Path("data/raw"), help="folder of .txt articles")
    parser.add_argument("--processed-dir", type=Path, default=Path("data/processed"), help="output folder")
    parser.add_argument("--metadata", type=Path, default=None,
                        help="metadata CSV (default: RAW_DIR/metadata.csv when present)")
    parser.set_defaults(handler=_run_build)


def _run_build(args: argparse.Namespace) -> int:
    from analysis.pipeline import BuildSettings, build_processed

    written = build_processed(BuildSettings(args.raw_dir, args.processed_dir, args.metadata))
    print(f"wrote {len(written)} tables to {args.processed_dir}")
    return 0


def _add_report(sub: argparse._SubParsersAction) -> None:
    parser = sub.add_parser("report", help="run the notebooks with papermill and render HTML and PDF")
    parser.add_argument("--notebooks-dir", type=Path, default=Path("notebooks"))
    parser.add_argument("--raw-dir", type=Path, default=Path("data/raw"))
    parser.add_argument("--processed-dir", type=Path, default=Path("data/processed"))
    parser.add_argument("--reports-dir", type=Path, default=Path("reports"))
    parser.add_argument("--name", default="blame_report", help="file name of the report (no extension)")
    parser.add_argument("--title", default="Who blames whom for fentanyl")
    parser.add_argument("--level", choices=LEVELS, default="bloc")
    parser.add_argument("--outlet", default="", help="restrict to one outlet id; empty = all")
    parser.add_argument("--source", choices=SOURCES, default="combined", help="statements source")
    parser.add_argument("--no-pdf", action="store_true", help="render only the HTML")
    parser.set_defaults(handler=_run_report)


def _run_report(args: argparse.Namespace) -> int:
    from analysis.report_build import ReportSettings, build_report

    settings = ReportSettings(
        notebooks_dir=args.notebooks_dir, raw_dir=args.raw_dir, processed_dir=args.processed_dir,
        reports_dir=args.reports_dir, name=args.name, title=args.title, level=args.level,
        outlet=args.outlet, statements_source=args.source, pdf=not args.no_pdf,
    )
    for path in build_report(settings):
        print(f"wrote {path}")
    return 0


def _add_dictionary(sub: argparse._SubParsersAction) -> None:
    parser = sub.add_parser("dictionary", help="write the data dictionary generated from the schemas")
    parser.add_argument("--out", type=Path, default=Path("docs/data_dictionary.md"))
    parser.set_defaults(handler=_run_dictionary)


def _run_dictionary(args: argparse.Namespace) -> int:
    from analysis.dictionary import render_data_dictionary

    args.out.write_text(render_data_dictionary(), encoding="utf-8")
    print(f"wrote {args.out}")
    return 0


def build_parser() -> argparse.ArgumentParser:
    """Return the argument parser with every subcommand."""
    parser = argparse.ArgumentParser(prog="python -m analysis", description=__doc__.splitlines()[0])
    sub = parser.add_subparsers(dest="command", required=True)
    for add in (_add_build, _add_report, _add_dictionary):
        add(sub)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Run one subcommand; report user errors in one line with exit status 2."""
    args = build_parser().parse_args(argv)
    try:
        return args.handler(args)
    except (InputError, BuildError) as err:
        print(f"error: {err}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        print("interrupted", file=sys.stderr)
        return 130
