"""Command-line interface: `build` the processed tables, render the `report`, and more.

`main()` only parses arguments and calls importable functions; user errors end in one
line on stderr and a non-zero exit, never a traceback.
"""

from __future__ import annotations

import argparse
import math
import sys
from collections.abc import Sequence
from pathlib import Path

from analysis.errors import BuildError, InputError
from analysis.store.atomic import atomic_path, write_text_atomically
from analysis.store.csvfile import neutralise_frame

__all__ = ["main"]



def _add_build(sub: argparse._SubParsersAction) -> None:
    parser = sub.add_parser("build", help="ingest a raw folder and write the processed tables")
    _add_corpus_options(parser)
    parser.add_argument("--processed-dir", type=Path, default=Path("data/processed"), help="output folder")
    parser.add_argument("--curated", type=Path, default=Path("data/annotations/statements.csv"),
                        help="curated statements CSV (skipped when the file does not exist)")
    parser.add_argument("--no-curated", action="store_true",
                        help="use automatic statements only (no curated file, no quality scores)")
    _add_extra_raw_dirs(parser)
    parser.add_argument("--extra-curated", type=Path, action="append", default=[], metavar="FILE",
                        help="another curated statements CSV (repeatable; one coding per article)")
    parser.add_argument("--engine", default="local",
                        help="local: this process; dask: a Dask scheduler (processes, or --scheduler)")
    parser.add_argument("--scheduler", default=None,
                        help="address of an existing Dask scheduler, e.g. tcp://10.0.0.5:8786")
    parser.add_argument("--no-cache", action="store_true", help="ignore and do not write the article cache")
    parser.add_argument("--max-article-mb", type=float, default=5.0,
                        help="skip (and count) files larger than this many megabytes")
    _add_lock_timeout(parser)
    parser.set_defaults(handler=_run_build)


def _add_extra_raw_dirs(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--extra-raw-dir", type=Path, action="append", default=[], metavar="DIR",
                        help="another raw folder joined to RAW_DIR in place (repeatable; its own "
                             "metadata.csv; articles its split.csv holds out get no automatic statements)")


def _add_lock_timeout(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--lock-timeout", type=float, default=None, metavar="SECONDS",
                        help="how long to wait for another build or report on the same folder "
                             "(default: as long as it takes; 0: fail at once)")


def _add_corpus_options(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--raw-dir", type=Path, default=Path("data/raw"), help="folder of .txt articles")
    parser.add_argument("--metadata", type=Path, default=None,
                        help="metadata CSV (default: RAW_DIR/metadata.csv when present)")
    parser.add_argument("--ontology", type=Path, default=None,
                        help="actor ontology CSV (default: the one shipped with the package)")


def _positive_megabytes(value: float) -> int:
    """`--max-article-mb` as bytes: a positive, finite number of megabytes."""
    if not (math.isfinite(value) and value > 0):
        raise ValueError(f"parameter max_article_mb: expected a positive, finite number of megabytes, "
                         f"found {value!r}")
    return max(1, int(value * 1_000_000))


def _run_build(args: argparse.Namespace) -> int:
    from analysis.build.pipeline import BuildSettings, build_processed

    max_bytes = _positive_megabytes(args.max_article_mb)
    curated_path = None if args.no_curated else args.curated
    settings = BuildSettings(args.raw_dir, args.processed_dir, args.metadata, curated_path, args.ontology,
                             args.engine, args.scheduler, not args.no_cache,
                             max_bytes=max_bytes, lock_timeout=args.lock_timeout,
                             extra_raw_dirs=tuple(args.extra_raw_dir),
                             extra_curated=tuple(args.extra_curated))
    result = build_processed(settings)
    curated = result.curated
    n_tables = sum(1 for path in result.written.values() if path.suffix == ".parquet")
    print(f"wrote {n_tables} tables to {args.processed_dir}: "
          f"{result.n_auto} automatic statements (cache: {result.cache.get('hits', 0)} hits, "
          f"{result.cache.get('misses', 0)} misses)"
          + (f", {len(curated.statements)} curated ({curated.n_outside_corpus} rows for articles "
             f"outside the corpus ignored, {curated.n_rejected} rejected, "
             f"{curated.n_duplicates} duplicates counted once)" if curated else ""))
    return 0


def _load_corpus(args: argparse.Namespace):  # noqa: ANN202 - returns (corpus, ontology)
    from analysis.build.ingest import IngestOptions, ingest_corpus
    from analysis.ontology import load_ontology

    ontology = load_ontology(args.ontology)
    options = IngestOptions(ontology_path=str(args.ontology) if args.ontology else None)
    return ingest_corpus(args.raw_dir, args.metadata, ontology.outlets(), options), ontology


def _add_extract(sub: argparse._SubParsersAction) -> None:
    parser = sub.add_parser("extract", help="extract statements from every .txt in a folder to a CSV")
    _add_corpus_options(parser)
    parser.add_argument("--out", type=Path, required=True, help="statements CSV to write")
    parser.set_defaults(handler=_run_extract)


def _run_extract(args: argparse.Namespace) -> int:
    corpus, _ = _load_corpus(args)
    statements = corpus.statements
    with atomic_path(args.out) as temp:
        statements.to_csv(temp, index=False, lineterminator="\n")
    skipped = corpus.skipped.groupby("reason").size().to_dict() if len(corpus.skipped) else {}
    skip_text = ", ".join(f"{n} {reason}" for reason, n in sorted(skipped.items())) or "none"
    print(f"wrote {len(statements)} statements from {len(corpus.articles)} articles to {args.out}; "
          f"skipped: {skip_text}")
    return 0


def _add_evaluate(sub: argparse._SubParsersAction) -> None:
    parser = sub.add_parser("evaluate", help="score predicted statements against gold ones")
    _add_corpus_options(parser)
    parser.add_argument("--gold", type=Path, required=True, help="gold statements CSV (e.g. curated)")
    parser.add_argument("--pred", type=Path, required=True, help="predicted statements CSV")
    parser.add_argument("--out", type=Path, default=None, help="write the scores to this CSV too")
    parser.set_defaults(handler=_run_evaluate)


def _run_evaluate(args: argparse.Namespace) -> int:
    from analysis.curation.evaluate import evaluate
    from analysis.curation.statements import load_curated
    from analysis.text.baseline import baseline_statements

    corpus, ontology = _load_corpus(args)
    texts = corpus.texts
    gold = load_curated(args.gold, texts, corpus.sentences, ontology).statements
    pred = load_curated(args.pred, texts, corpus.sentences, ontology).statements
    covered = corpus.sentences[corpus.sentences["article_id"].isin(set(gold["article_id"]))]
    scores = evaluate(gold, {"extractor": pred, "baseline": baseline_statements(covered, ontology)})
    overall = scores[scores["relation"] == "all"]
    print(overall.to_string(index=False, float_format=lambda v: f"{v:.3f}"))
    if args.out:
        with atomic_path(args.out) as temp:
            neutralise_frame(scores).to_csv(temp, index=False, float_format="%.4f", lineterminator="\n")
    return 0


def _add_validate(sub: argparse._SubParsersAction) -> None:
    parser = sub.add_parser("validate", help="check a statements CSV; print every bad row as file:line")
    _add_corpus_options(parser)
    parser.add_argument("statements", type=Path, help="statements CSV (curated or edited review file)")
    parser.set_defaults(handler=_run_validate)


def _run_validate(args: argparse.Namespace) -> int:
    from analysis.curation.statements import read_statement_csv, validate_statement_rows

    corpus, ontology = _load_corpus(args)
    texts = corpus.texts
    rows = read_statement_csv(args.statements)
    problems = validate_statement_rows(args.statements, rows, texts, ontology)
    outside = sum(1 for _, r in rows if r["article_id"] not in texts)
    for problem in problems:
        print(f"error: {problem}", file=sys.stderr)
    print(f"{len(rows)} rows: {len(problems)} bad, {outside} for articles outside the corpus (ignored)")
    return 2 if problems else 0


def _add_review(sub: argparse._SubParsersAction) -> None:
    parser = sub.add_parser("review", help="export statements for review, or import reviewed ones")
    actions = parser.add_subparsers(dest="action", required=True)
    export = actions.add_parser("export", help="write statements with sentence context to an editable CSV")
    _add_corpus_options(export)
    export.add_argument("--which", choices=("auto", "curated", "both"), default="auto")
    export.add_argument("--curated", type=Path, default=Path("data/annotations/statements.csv"))
    export.add_argument("--out", type=Path, required=True)
    export.set_defaults(handler=_run_review_export)
    load = actions.add_parser("import", help="validate an edited review CSV, merge it into the curated layer")
    _add_corpus_options(load)
    load.add_argument("--file", type=Path, required=True, help="the edited review CSV")
    load.add_argument("--curated", type=Path, default=Path("data/annotations/statements.csv"))
    load.add_argument("--reviewer", default="", help="name for rows whose reviewed_by is empty")
    load.set_defaults(handler=_run_review_import)
    unresolved = actions.add_parser("unresolved", help="list names no alias covers, with counts")
    _add_corpus_options(unresolved)
    unresolved.add_argument("--out", type=Path, required=True)
    unresolved.set_defaults(handler=_run_review_unresolved)
    promote = actions.add_parser("promote", help="add induced actors (induced_actors) to an ontology CSV")
    promote.add_argument("--induced", type=Path, required=True,
                         help="induced_actors.parquet (from build) or a CSV of it, possibly edited")
    promote.add_argument("--ontology", type=Path, default=None,
                         help="ontology CSV to extend (default: the package's)")
    promote.add_argument("--out", type=Path, required=True, help="where to write the extended ontology CSV")
    promote.add_argument("--min-count", type=int, default=1, help="mentions needed in all (default 1)")
    promote.set_defaults(handler=_run_review_promote)


def _run_review_export(args: argparse.Namespace) -> int:
    import pandas as pd

    from analysis.curation.review import export_for_review
    from analysis.curation.statements import load_curated

    corpus, ontology = _load_corpus(args)
    frames = []
    if args.which in ("auto", "both"):
        frames.append(corpus.statements)
    if args.which in ("curated", "both"):
        texts = corpus.texts
        frames.append(load_curated(args.curated, texts, corpus.sentences, ontology).statements)
    n = export_for_review(pd.concat(frames, ignore_index=True), corpus.sentences, args.out)
    print(f"wrote {n} statements for review to {args.out}; set status to accepted, corrected or rejected")
    return 0


def _run_review_import(args: argparse.Namespace) -> int:
    from analysis.curation.review import import_reviewed

    corpus, ontology = _load_corpus(args)
    texts = corpus.texts
    summary = import_reviewed(args.file, args.curated, texts, ontology, args.reviewer)
    print(f"merged into {args.curated}: {summary.accepted} accepted, {summary.corrected} corrected, "
          f"{summary.rejected} rejected, {summary.unreviewed} left unreviewed; "
          f"{summary.total_curated} curated rows in all")
    return 0


def _run_review_promote(args: argparse.Namespace) -> int:
    import pandas as pd

    from analysis.curation.review import promote_induced
    from analysis.resources import data_path

    path = args.induced
    induced = pd.read_parquet(path) if path.suffix == ".parquet" else pd.read_csv(path, keep_default_na=False)
    base = args.ontology or data_path("actors.csv")
    added = promote_induced(induced, base, args.out, args.min_count)
    print(f"wrote {args.out}: {added} induced actors added to {base}")
    return 0


def _run_review_unresolved(args: argparse.Namespace) -> int:
    from analysis.text.mentions import MentionFinder, unresolved_mentions

    corpus, ontology = _load_corpus(args)
    table = unresolved_mentions(corpus.sentences, MentionFinder(ontology))
    with atomic_path(args.out) as temp:  # for a spreadsheet: formula-like names neutralised
        neutralise_frame(table).to_csv(temp, index=False, lineterminator="\n")
    print(f"wrote {len(table)} unresolved names to {args.out}")
    return 0


def _add_report(sub: argparse._SubParsersAction) -> None:
    parser = sub.add_parser("report", help="run the notebooks with papermill and render HTML and PDF")
    parser.add_argument("--notebooks-dir", type=Path, default=Path("notebooks"))
    parser.add_argument("--raw-dir", type=Path, default=Path("data/raw"))
    parser.add_argument("--processed-dir", type=Path, default=Path("data/processed"))
    parser.add_argument("--reports-dir", type=Path, default=Path("reports"))
    parser.add_argument("--name", default="blame_report", help="file name of the report (no extension)")
    parser.add_argument("--title", default="Who blames whom for fentanyl")
    parser.add_argument("--level", default="bloc", help="person | organisation | bloc")
    parser.add_argument("--outlet", default="", help="restrict to one outlet id; empty = all")
    parser.add_argument("--source", default="combined", help="statements source: curated | auto | combined")
    parser.add_argument("--no-pdf", action="store_true", help="render only the HTML (and remove a stale PDF)")
    parser.add_argument("--pdf-only", action="store_true",
                        help="render the PDF of a report whose notebooks already ran (no kernel starts)")
    parser.add_argument("--curated", type=Path, default=Path("data/annotations/statements.csv"),
                        help="curated statements (recorded in the manifest as an input)")
    parser.add_argument("--ontology", type=Path, default=None,
                        help="actor ontology used by the build (recorded in the manifest)")
    _add_extra_raw_dirs(parser)
    parser.add_argument("--extra-curated", type=Path, action="append", default=[], metavar="FILE",
                        help="another curated file the build read (repeatable; recorded in the manifest)")
    parser.add_argument("--extra-notebook", type=Path, action="append", default=[], metavar="NOTEBOOK",
                        help="run this notebook too, in name order among the numbered ones (repeatable)")
    _add_lock_timeout(parser)
    parser.set_defaults(handler=_run_report)


def _run_report(args: argparse.Namespace) -> int:
    from analysis.report.build import ReportSettings, build_report, render_missing_pdf
    from analysis.resources import data_path

    settings = ReportSettings(
        notebooks_dir=args.notebooks_dir, raw_dir=args.raw_dir, processed_dir=args.processed_dir,
        reports_dir=args.reports_dir, name=args.name, title=args.title, level=args.level,
        outlet=args.outlet, statements_source=args.source, pdf=not args.no_pdf,
        extra_inputs=tuple(p for p in (args.curated, args.ontology or data_path("actors.csv"),
                                       *args.extra_curated) if p is not None and p.exists()),
        lock_timeout=args.lock_timeout, extra_raw_dirs=tuple(args.extra_raw_dir),
        extra_notebooks=tuple(args.extra_notebook),
    )
    if args.pdf_only:
        print(f"wrote {render_missing_pdf(settings)}")
        return 0
    for path in build_report(settings):
        print(f"wrote {path}")
    return 0


def _add_clean(sub: argparse._SubParsersAction) -> None:
    parser = sub.add_parser("clean", help="remove what builds and reports wrote (and nothing else)")
    parser.add_argument("--raw-dir", type=Path, default=Path("data/raw"), help="folder of .txt articles")
    parser.add_argument("--processed-dir", type=Path, default=Path("data/processed"))
    parser.add_argument("--reports-dir", type=Path, default=Path("reports"))
    parser.set_defaults(handler=_run_clean)


def _run_clean(args: argparse.Namespace) -> int:
    from analysis.store.output_folder import PROCESSED, REPORTS, clean_folder, protected_paths

    protected = protected_paths(("the raw folder", args.raw_dir))
    n_processed = clean_folder(args.processed_dir, PROCESSED, protected)
    n_reports = clean_folder(args.reports_dir, REPORTS, [*protected, ("the processed folder",
                                                                      args.processed_dir.resolve())])
    print(f"removed {n_processed} entries from {args.processed_dir} and {n_reports} from {args.reports_dir}")
    return 0


def _add_quality(sub: argparse._SubParsersAction) -> None:
    parser = sub.add_parser("quality", help="score the extractor on the held-out and development splits and "
                                            "the seeds, beside the baseline and the inter-coder agreement")
    parser.add_argument("--dev-dir", type=Path, default=Path("data/dev"), help="development corpus folder")
    parser.add_argument("--raw-dir", type=Path, default=Path("data/raw"), help="the seed articles")
    parser.add_argument("--curated", type=Path, default=Path("data/annotations/statements.csv"),
                        help="curated statements of the seed articles")
    parser.add_argument("--processed-dir", type=Path, default=None,
                        help="also write the table to PROCESSED_DIR/quality.csv (for the report)")
    parser.set_defaults(handler=_run_quality)


def _run_quality(args: argparse.Namespace) -> int:
    from analysis.build.quality import QualityInputs, describe_quality, quality_tables
    from analysis.ontology import load_ontology
    from analysis.store.atomic import write_text_atomically
    from analysis.store.output_folder import PROCESSED, check_output_folder, locked, protected_paths
    from analysis.store.tables import QUALITY_CSV

    table = quality_tables(QualityInputs(args.dev_dir, args.raw_dir, args.curated), load_ontology())
    print(describe_quality(table), end="")
    if args.processed_dir is not None:
        protected = protected_paths(("the raw folder", args.raw_dir), ("the curated file", args.curated),
                                    ("the development corpus", args.dev_dir))
        folder = check_output_folder(args.processed_dir, PROCESSED, protected, args.raw_dir)
        with locked(folder):
            write_text_atomically(folder / QUALITY_CSV, table.to_csv(index=False, float_format="%.4f",
                                                                       lineterminator="\n"))
        print(f"wrote {folder / QUALITY_CSV}")
    return 0


def _add_dictionary(sub: argparse._SubParsersAction) -> None:
    parser = sub.add_parser("dictionary", help="write the data dictionary generated from the schemas")
    parser.add_argument("--out", type=Path, default=Path("docs/data_dictionary.md"))
    parser.set_defaults(handler=_run_dictionary)


def _run_dictionary(args: argparse.Namespace) -> int:
    from analysis.store.dictionary import render_data_dictionary

    write_text_atomically(args.out, render_data_dictionary())
    print(f"wrote {args.out}")
    return 0


def _add_synth(sub: argparse._SubParsersAction) -> None:
    parser = sub.add_parser("synth", help="write a synthetic corpus with planted statements and ground truth")
    parser.add_argument("--n", type=int, required=True, help="number of articles")
    parser.add_argument("--out", type=Path, required=True, help="folder to write (articles, metadata, truth)")
    parser.add_argument("--seed", type=int, default=0, help="random seed (same seed, same bytes)")
    parser.set_defaults(handler=_run_synth)


def _run_synth(args: argparse.Namespace) -> int:
    from analysis.curation.synth import generate_corpus

    if args.n < 1:
        raise ValueError(f"parameter n: expected a positive number of articles, found {args.n}")
    summary = generate_corpus(args.n, args.out, args.seed)
    print(f"wrote {summary.articles} articles ({summary.bytes:,} bytes) with {summary.statements} planted "
          f"statements to {args.out}; ground truth in {args.out / 'truth.csv'}")
    return 0


def _add_stale(sub: argparse._SubParsersAction) -> None:
    parser = sub.add_parser("stale", help="exit 0 when the build stamp matches the inputs, 1 when stale")
    parser.add_argument("--stamp", type=Path, required=True, help="the build stamp file")
    parser.add_argument("--raw-dir", type=Path, default=Path("data/raw"))
    parser.add_argument("--input", type=Path, action="append", default=[], help="another input (repeatable)")
    parser.add_argument("--extra-raw-dir", type=Path, action="append", default=[], metavar="DIR",
                        help="another raw folder of the build: every file under it is an input (repeatable)")
    parser.add_argument("--write", action="store_true", help="record the inputs as they are now")
    parser.set_defaults(handler=_run_stale)


def _run_stale(args: argparse.Namespace) -> int:
    from analysis.build.stamp import folder_inputs, stale_reason, write_stamp

    inputs = [*args.input, *(p for folder in args.extra_raw_dir for p in folder_inputs(folder))]
    if args.write:
        write_stamp(args.stamp, args.raw_dir, inputs)
        return 0
    reason = stale_reason(args.stamp, args.raw_dir, inputs)
    print(f"stale: {reason}" if reason else "up to date")
    return 1 if reason else 0


def build_parser() -> argparse.ArgumentParser:
    """Return the argument parser with every subcommand."""
    parser = argparse.ArgumentParser(prog="python -m analysis", description=__doc__.splitlines()[0])
    sub = parser.add_subparsers(dest="command", required=True)
    for add in (_add_build, _add_extract, _add_evaluate, _add_validate, _add_review, _add_report,
                _add_synth, _add_dictionary, _add_clean, _add_quality, _add_stale):
        add(sub)
    return parser


def _os_error_line(err: OSError) -> str:
    """Name the file and the operating system's reason in one line (disk full, permission, ...)."""
    line = f"{err.filename}: {err.strerror or err}" if err.filename is not None else str(err)
    return line.replace("\n", " ")


def main(argv: Sequence[str] | None = None) -> int:
    """Run one subcommand; report user errors in one line with exit status 2."""
    args = build_parser().parse_args(argv)
    try:
        return args.handler(args)
    except (InputError, BuildError, ValueError) as err:
        print(f"error: {err}", file=sys.stderr)
        return 2
    except OSError as err:
        print(f"error: {_os_error_line(err)}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        print("interrupted", file=sys.stderr)
        return 130
