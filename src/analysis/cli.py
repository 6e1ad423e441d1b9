"""Command-line interface: `build` the processed tables, render the `report`, and more.

Parsed with click. `main()` only parses arguments and calls importable functions; user
errors (a bad option included) end in one line on stderr and exit status 2, never a
traceback.
"""

from __future__ import annotations

import logging
import math
import os
import sys
from collections.abc import Callable, Sequence
from pathlib import Path
from types import SimpleNamespace

import click

from analysis import __version__
from analysis.errors import BuildError, InputError
from analysis.store.atomic import atomic_path, write_text_atomically
from analysis.store.csvfile import neutralise_frame

__all__ = ["available_cpus", "cli", "main"]

_log = logging.getLogger("analysis")



def _positive_megabytes(value: float) -> int:
    """`--max-article-mb` as bytes: a positive, finite number of megabytes."""
    if not (math.isfinite(value) and value > 0):
        raise ValueError(f"parameter max_article_mb: expected a positive, finite number of megabytes, "
                         f"found {value!r}")
    return max(1, int(value * 1_000_000))


def _run_build(args: SimpleNamespace) -> int:
    from analysis.build.pipeline import BuildSettings, build_processed

    max_bytes = _positive_megabytes(args.max_article_mb)
    curated_path = None if args.no_curated else args.curated
    settings = BuildSettings(args.raw_dir, args.processed_dir, args.metadata, curated_path, args.ontology,
                             args.engine, args.scheduler, not args.no_cache,
                             max_bytes=max_bytes, lock_timeout=args.lock_timeout,
                             workers=args.workers, progress=args.progress,
                             extra_raw_dirs=tuple(args.extra_raw_dir),
                             extra_curated=tuple(args.extra_curated))
    _log.info("build: %s -> %s (engine %s, workers %s)", args.raw_dir, args.processed_dir, args.engine,
              args.workers or f"{available_cpus()} (the CPUs this process may use)")
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


def _load_corpus(args: SimpleNamespace, statements_only: bool = False):  # noqa: ANN202 - (corpus, ontology)
    from analysis.build.ingest import IngestOptions, ingest_corpus
    from analysis.ontology import load_ontology

    ontology = load_ontology(args.ontology)
    options = IngestOptions(ontology_path=str(args.ontology) if args.ontology else None,
                            statements_only=statements_only)
    return ingest_corpus(args.raw_dir, args.metadata, ontology.outlets(), options), ontology


def _run_extract(args: SimpleNamespace) -> int:
    from analysis.build.jobs import rare_garbage_collection

    with rare_garbage_collection():
        corpus, _ = _load_corpus(args, statements_only=True)
    statements = corpus.statements
    with atomic_path(args.out) as temp:  # for a spreadsheet: formula-like cells neutralised
        neutralise_frame(statements).to_csv(temp, index=False, lineterminator="\n")
    skipped = corpus.skipped.groupby("reason").size().to_dict() if len(corpus.skipped) else {}
    skip_text = ", ".join(f"{n} {reason}" for reason, n in sorted(skipped.items())) or "none"
    print(f"wrote {len(statements)} statements from {len(corpus.articles)} articles to {args.out}; "
          f"skipped: {skip_text}")
    return 0


def _run_evaluate(args: SimpleNamespace) -> int:
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


def _run_validate(args: SimpleNamespace) -> int:
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


def _run_review_export(args: SimpleNamespace) -> int:
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


def _run_review_import(args: SimpleNamespace) -> int:
    from analysis.curation.review import import_reviewed

    corpus, ontology = _load_corpus(args)
    texts = corpus.texts
    summary = import_reviewed(args.file, args.curated, texts, ontology, args.reviewer)
    print(f"merged into {args.curated}: {summary.accepted} accepted, {summary.corrected} corrected, "
          f"{summary.rejected} rejected, {summary.unreviewed} left unreviewed; "
          f"{summary.total_curated} curated rows in all")
    return 0


def _run_review_promote(args: SimpleNamespace) -> int:
    import pandas as pd

    from analysis.curation.review import promote_induced
    from analysis.resources import data_path

    path = args.induced
    induced = pd.read_parquet(path) if path.suffix == ".parquet" else pd.read_csv(path, keep_default_na=False)
    base = args.ontology or data_path("actors.csv")
    added = promote_induced(induced, base, args.out, args.min_count)
    print(f"wrote {args.out}: {added} induced actors added to {base}")
    return 0


def _run_review_unresolved(args: SimpleNamespace) -> int:
    from analysis.text.mentions import MentionFinder, unresolved_mentions

    corpus, ontology = _load_corpus(args)
    table = unresolved_mentions(corpus.sentences, MentionFinder(ontology))
    with atomic_path(args.out) as temp:  # for a spreadsheet: formula-like names neutralised
        neutralise_frame(table).to_csv(temp, index=False, lineterminator="\n")
    print(f"wrote {len(table)} unresolved names to {args.out}")
    return 0


def _run_report(args: SimpleNamespace) -> int:
    from analysis.report.build import ReportSettings, build_report, package_notebooks, render_missing_pdf
    from analysis.resources import data_path

    settings = ReportSettings(
        notebooks_dir=args.notebooks_dir or package_notebooks(), raw_dir=args.raw_dir,
        processed_dir=args.processed_dir,
        reports_dir=args.reports_dir, name=args.name, title=args.title, level=args.level,
        outlet=args.outlet, statements_source=args.source, pdf=not args.no_pdf,
        extra_inputs=tuple(p for p in (args.curated, args.ontology or data_path("actors.csv"),
                                       *args.extra_curated) if p is not None and p.exists()),
        lock_timeout=args.lock_timeout, progress=args.progress, extra_raw_dirs=tuple(args.extra_raw_dir),
        extra_notebooks=tuple(args.extra_notebook),
    )
    if args.pdf_only:
        print(f"wrote {render_missing_pdf(settings)}")
        return 0
    for path in build_report(settings):
        print(f"wrote {path}")
    return 0


def _run_clean(args: SimpleNamespace) -> int:
    from analysis.store.output_folder import PROCESSED, REPORTS, clean_folder, protected_paths

    protected = protected_paths(("the raw folder", args.raw_dir))
    n_processed = clean_folder(args.processed_dir, PROCESSED, protected)
    n_reports = clean_folder(args.reports_dir, REPORTS, [*protected, ("the processed folder",
                                                                      args.processed_dir.resolve())])
    print(f"removed {n_processed} entries from {args.processed_dir} and {n_reports} from {args.reports_dir}")
    return 0


def _run_quality(args: SimpleNamespace) -> int:
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


def _run_dictionary(args: SimpleNamespace) -> int:
    from analysis.store.dictionary import render_data_dictionary

    write_text_atomically(args.out, render_data_dictionary())
    print(f"wrote {args.out}")
    return 0


def _run_synth(args: SimpleNamespace) -> int:
    from analysis.curation.synth import generate_corpus

    if args.n < 1:
        raise ValueError(f"parameter n: expected a positive number of articles, found {args.n}")
    summary = generate_corpus(args.n, args.out, args.seed)
    print(f"wrote {summary.articles} articles ({summary.bytes:,} bytes) with {summary.statements} planted "
          f"statements to {args.out}; ground truth in {args.out / 'truth.csv'}")
    return 0


def _run_stale(args: SimpleNamespace) -> int:
    from analysis.build.stamp import folder_inputs, stale_reason, write_stamp

    inputs = [*args.input, *(p for folder in args.extra_raw_dir for p in folder_inputs(folder))]
    if args.write:
        write_stamp(args.stamp, args.raw_dir, inputs)
        return 0
    reason = stale_reason(args.stamp, args.raw_dir, inputs)
    print(f"stale: {reason}" if reason else "up to date")
    return 1 if reason else 0


# --------------------------------------------------------------------- the click commands

EXAMPLES = """\b
Examples:
  {prog} build --raw-dir data/raw --processed-dir data/processed
  {prog} -q build --raw-dir DIR --processed-dir OUT --workers 4 --no-curated
  {prog} build --raw-dir DIR --processed-dir OUT --engine dask --scheduler tcp://HOST:8786
  {prog} report --processed-dir OUT --reports-dir REP --level organisation --outlet scmp
  {prog} extract --raw-dir DIR --out statements.csv
  {prog} validate data/annotations/statements.csv
  {prog} review export --which auto --out review.csv
"""
CPUS_HELP = "the CPUs this process may use"
PathType = click.Path(path_type=Path)
_SETTINGS = {"help_option_names": ["-h", "--help"], "show_default": True, "max_content_width": 100,
             "terminal_width": 100}


def available_cpus() -> int:
    """The CPUs this process may run on (its affinity: Slurm, taskset, cgroups), at least 1."""
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except (AttributeError, OSError):  # not on Linux
        return max(1, os.cpu_count() or 1)


def _handler(run: Callable[[SimpleNamespace], int]) -> Callable[..., int]:
    """Wrap a `_run_*` function as a click callback: options become attributes of one namespace."""

    @click.pass_context
    def callback(ctx: click.Context, **options: object) -> int:
        root = ctx.find_root().obj or {}
        return run(SimpleNamespace(**options, progress=root.get("progress", False)))

    callback.__doc__ = run.__doc__
    return callback


def _corpus_options(command: Callable) -> Callable:
    for option in reversed((
        click.option("--raw-dir", type=PathType, default=Path("data/raw"), help="Folder of .txt articles."),
        click.option("--metadata", type=PathType, default=None,
                     show_default="RAW_DIR/metadata.csv if present",
                     help="Metadata CSV."),
        click.option("--ontology", type=PathType, default=None, show_default="the package's",
                     help="Actor ontology CSV."),
    )):
        command = option(command)
    return command


def _lock_timeout(command: Callable) -> Callable:
    return click.option("--lock-timeout", type=float, default=None, metavar="SECONDS",
                        show_default="as long as it takes",
                        help="How long to wait for another build or report on the same folder "
                             "(0: fail at once).")(
        command)


def _curated_option(help_text: str) -> Callable:
    return click.option("--curated", type=PathType, default=Path("data/annotations/statements.csv"),
                        help=help_text)


def _extra_raw_dir_option(help_text: str) -> Callable:
    return click.option("--extra-raw-dir", type=PathType, multiple=True, metavar="DIR", help=help_text)


def _extra_curated_option(help_text: str) -> Callable:
    return click.option("--extra-curated", type=PathType, multiple=True, metavar="FILE", help=help_text)


_EXTRA_RAW_HELP = ("Another raw folder joined to RAW_DIR in place (repeatable; its own metadata.csv; "
                   "articles its split.csv holds out get no automatic statements).")


class _StderrHandler(logging.StreamHandler):
    """Write to whatever `sys.stderr` is when a record is logged (tests swap it)."""

    @property
    def stream(self):  # noqa: ANN201 - the stream logging writes to
        return sys.stderr

    @stream.setter
    def stream(self, _value: object) -> None:
        pass


def _configure_logging(level: int) -> None:
    """Log the package's records (`analysis.*`) on stderr at `level`; other libraries' stay as they were."""
    logger = logging.getLogger("analysis")
    for handler in [h for h in logger.handlers if isinstance(h, _StderrHandler)]:
        logger.removeHandler(handler)
    handler = _StderrHandler()
    handler.setFormatter(logging.Formatter("%(levelname)s %(name)s: %(message)s"))
    logger.addHandler(handler)
    logger.setLevel(level)
    logger.propagate = False


class _Group(click.Group):
    """The top-level group: its epilog's examples use the name it was called by."""

    def format_epilog(self, ctx: click.Context, formatter: click.HelpFormatter) -> None:
        """Write the examples with this program's name."""
        formatter.write_paragraph()
        formatter.write_text(EXAMPLES.format(prog=ctx.find_root().info_name or "blame-report"))


@click.group(cls=_Group, context_settings=_SETTINGS)
@click.version_option(__version__, "--version", message="blame-report %(version)s")
@click.option("-v", "--verbose", count=True, show_default=False,
              help="Log what is done on stderr (-vv: debug detail).")
@click.option("-q", "--quiet", is_flag=True, help="No progress bar and only warnings in the log.")
@click.pass_context
def cli(ctx: click.Context, verbose: int, quiet: bool) -> None:
    """Who blames whom in news about the fentanyl crisis: build tables, render the report."""
    from analysis.progress import progress_wanted

    levels = (logging.WARNING, logging.INFO, logging.DEBUG)
    _configure_logging(logging.ERROR if quiet else levels[min(verbose, 2)])
    ctx.obj = {"progress": progress_wanted(quiet)}


def _command(group: click.Group, name: str, run: Callable[[SimpleNamespace], int], help_text: str,
             *decorators: Callable) -> click.Command:
    """Register `run` as subcommand `name` of `group` with the given option decorators."""
    callback = _handler(run)
    for decorator in reversed(decorators):
        callback = decorator(callback)
    return group.command(name, help=help_text)(callback)


def _register() -> None:
    """Attach every subcommand to the group."""
    _command(cli, "build", _run_build, "Ingest a raw folder and write the processed tables and graphs.",
             _corpus_options,
             click.option("--processed-dir", type=PathType, default=Path("data/processed"),
                          help="Output folder."),
             _curated_option("Curated statements CSV (skipped when the file does not exist)."),
             click.option("--no-curated", is_flag=True,
                          help="Use automatic statements only (no curated file, no quality scores)."),
             _extra_raw_dir_option(_EXTRA_RAW_HELP),
             _extra_curated_option("Another curated statements CSV (repeatable; one coding per article)."),
             click.option("--engine", default="local", metavar="[local|dask]",
                          help="local: a process pool on this machine; dask: a Dask scheduler (local "
                               "processes, or --scheduler)."),
             click.option("--scheduler", default=None,
                          help="Address of an existing Dask scheduler, e.g. tcp://10.0.0.5:8786."),
             click.option("--workers", type=click.IntRange(min=1), default=None, show_default=CPUS_HELP,
                          help="Worker processes of the local engine."),
             click.option("--no-cache", is_flag=True, help="Ignore and do not write the article cache."),
             click.option("--max-article-mb", type=float, default=5.0, help="Skip (and count) larger files."),
             _lock_timeout)
    _command(cli, "extract", _run_extract, "Extract statements from every .txt in a folder to a CSV.",
             _corpus_options, click.option("--out", type=PathType, required=True,
                                           help="Statements CSV to write."))
    _command(cli, "evaluate", _run_evaluate, "Score predicted statements against gold ones.",
             _corpus_options,
             click.option("--gold", type=PathType, required=True, help="Gold statements CSV (e.g. curated)."),
             click.option("--pred", type=PathType, required=True, help="Predicted statements CSV."),
             click.option("--out", type=PathType, default=None, help="Write the scores to this CSV too."))
    _command(cli, "validate", _run_validate, "Check a statements CSV; print every bad row as file:line.",
             _corpus_options, click.argument("statements", type=PathType))
    _command(cli, "report", _run_report, "Run the notebooks with papermill and render HTML and PDF.",
             click.option("--notebooks-dir", type=PathType, default=None,
                          show_default="./notebooks in a checkout, else the package's",
                          help="Folder of the NN_name.ipynb notebooks."),
             click.option("--raw-dir", type=PathType, default=Path("data/raw"),
                          help="Folder of .txt articles."),
             click.option("--processed-dir", type=PathType, default=Path("data/processed"),
                          help="Processed tables."),
             click.option("--reports-dir", type=PathType, default=Path("reports"), help="Output folder."),
             click.option("--name", default="blame_report", help="File name of the report (no extension)."),
             click.option("--title", default="Who blames whom for fentanyl", help="Report title."),
             click.option("--level", default="bloc", metavar="[person|organisation|bloc]",
                          help="Graph level."),
             click.option("--outlet", default="", show_default="all", help="Restrict to one outlet id."),
             click.option("--source", default="combined", metavar="[curated|auto|combined]",
                          help="Statements source (combined: curated wins for the articles it covers)."),
             click.option("--no-pdf", is_flag=True, help="Render only the HTML (and remove a stale PDF)."),
             click.option("--pdf-only", is_flag=True,
                          help="Render the PDF of a report whose notebooks already ran (no kernel starts)."),
             _curated_option("Curated statements (recorded in the manifest as an input)."),
             click.option("--ontology", type=PathType, default=None, show_default="the package's",
                          help="Actor ontology used by the build (recorded in the manifest)."),
             _extra_raw_dir_option("Another raw folder the build joined (repeatable; in the manifest)."),
             _extra_curated_option("Another curated file the build read (repeatable; in the manifest)."),
             click.option("--extra-notebook", type=PathType, multiple=True, metavar="NOTEBOOK",
                          help="Run this notebook too, in name order among the numbered ones (repeatable)."),
             _lock_timeout)
    _command(cli, "synth", _run_synth, "Write a synthetic corpus with planted statements and ground truth.",
             click.option("--n", type=int, required=True, help="Number of articles."),
             click.option("--out", type=PathType, required=True,
                          help="Folder to write (articles, metadata, truth)."),
             click.option("--seed", type=int, default=0, help="Random seed (same seed, same bytes)."))
    _command(cli, "dictionary", _run_dictionary, "Write the data dictionary generated from the schemas.",
             click.option("--out", type=PathType, default=Path("docs/data_dictionary.md"),
                          help="Markdown file."))
    _command(cli, "clean", _run_clean, "Remove what builds and reports wrote (and nothing else).",
             click.option("--raw-dir", type=PathType, default=Path("data/raw"),
                          help="Folder of .txt articles."),
             click.option("--processed-dir", type=PathType, default=Path("data/processed"),
                          help="Processed."),
             click.option("--reports-dir", type=PathType, default=Path("reports"),
                          help="Reports."))
    _command(cli, "quality", _run_quality,
             "Score the extractor on the held-out and development splits and the seeds, "
             "beside the baseline and the inter-coder agreement.",
             click.option("--dev-dir", type=PathType, default=Path("data/dev"),
                          help="Development corpus folder."),
             click.option("--raw-dir", type=PathType, default=Path("data/raw"), help="The seed articles."),
             _curated_option("Curated statements of the seed articles."),
             click.option("--processed-dir", type=PathType, default=None,
                          help="Also write the table to PROCESSED_DIR/quality.csv (for the report)."))
    _command(cli, "stale", _run_stale, "Exit 0 when the build stamp matches the inputs, 1 when stale.",
             click.option("--stamp", type=PathType, required=True, help="The build stamp file."),
             click.option("--raw-dir", type=PathType, default=Path("data/raw"),
                          help="Folder of .txt articles."),
             click.option("--input", type=PathType, multiple=True, help="Another input (repeatable)."),
             _extra_raw_dir_option("Another raw folder of the build: every file under it is an input "
                                   "(repeatable)."),
             click.option("--write", is_flag=True, help="Record the inputs as they are now."))
    _register_review()


@cli.group("review", context_settings=_SETTINGS)
def review() -> None:
    """Export statements for review, or import reviewed ones."""


def _register_review() -> None:
    _command(review, "export", _run_review_export,
             "Write statements with sentence context to an editable CSV.",
             _corpus_options,
             click.option("--which", type=click.Choice(("auto", "curated", "both")), default="auto",
                          help="Which statements."),
             _curated_option("Curated statements CSV."),
             click.option("--out", type=PathType, required=True, help="Review CSV to write."))
    _command(review, "import", _run_review_import, "Validate an edited review CSV, merge it into the curated "
             "layer.", _corpus_options,
             click.option("--file", type=PathType, required=True, help="The edited review CSV."),
             _curated_option("Curated statements CSV to merge into."),
             click.option("--reviewer", default="", help="Name for rows whose reviewed_by is empty."))
    _command(review, "unresolved", _run_review_unresolved, "List names no alias covers, with counts.",
             _corpus_options,
             click.option("--out", type=PathType, required=True, help="CSV to write."))
    _command(review, "promote", _run_review_promote,
             "Add induced actors (induced_actors) to an ontology CSV.",
             click.option("--induced", type=PathType, required=True,
                          help="induced_actors.parquet (from build) or a CSV of it, possibly edited."),
             click.option("--ontology", type=PathType, default=None, show_default="the package's",
                          help="Ontology CSV to extend."),
             click.option("--out", type=PathType, required=True,
                          help="Where to write the extended ontology CSV."),
             click.option("--min-count", type=int, default=1, help="Mentions needed in all."))


_register()


def _os_error_line(err: OSError) -> str:
    """Name the file and the operating system's reason in one line (disk full, permission, ...)."""
    line = f"{err.filename}: {err.strerror or err}" if err.filename is not None else str(err)
    return line.replace("\n", " ")


def _usage_line(err: click.UsageError) -> str:
    """A bad option or argument in one line, naming the command and where to get help."""
    where = err.ctx.command_path if err.ctx else "blame-report"
    message = " ".join(err.format_message().split())
    return f"{where}: {message} (see {where} --help)"


def _prog_name() -> str:
    name = Path(sys.argv[0]).name if sys.argv and sys.argv[0] else ""
    return "python -m analysis" if name in ("", "__main__.py", "-m", "-c") else name


def main(argv: Sequence[str] | None = None, prog_name: str | None = None) -> int:
    """Run one subcommand; report user errors in one line with exit status 2."""
    args = list(sys.argv[1:] if argv is None else argv)
    try:
        status = cli.main(args=args, prog_name=prog_name or _prog_name(), standalone_mode=False)
    except click.exceptions.NoArgsIsHelpError as err:
        print(err.ctx.get_help() if err.ctx else err.format_message(), file=sys.stderr)
        return 2
    except click.UsageError as err:
        print(f"error: {_usage_line(err)}", file=sys.stderr)
        return 2
    except click.ClickException as err:
        print(f"error: {' '.join(err.format_message().split())}", file=sys.stderr)
        return 2
    except (InputError, BuildError, ValueError) as err:
        print(f"error: {err}", file=sys.stderr)
        return 2
    except OSError as err:
        print(f"error: {_os_error_line(err)}", file=sys.stderr)
        return 2
    except (KeyboardInterrupt, click.Abort):
        print("interrupted", file=sys.stderr)
        return 130
    return status if isinstance(status, int) else 0
