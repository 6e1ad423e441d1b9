"""Build one report variant: execute the notebooks, merge them, render HTML and PDF, swap in."""

from __future__ import annotations

import logging
import os
import shutil
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import nbformat

from analysis.progress import progress
from analysis.report.data import base_dir_for_kernels, check_parameters, load_report_data
from analysis.report.evidence import full_evidence
from analysis.report.provenance import write_manifest
from analysis.report.render import (
    BuildError,
    ReportPaths,
    execute_notebooks,
    merge_notebooks,
    render_html,
    render_pdf,
    replace_dir,
    report_notebooks,
)
from analysis.resources import package_dir
from analysis.store.atomic import atomic_path
from analysis.store.csvfile import neutralise_frame
from analysis.store.output_folder import (
    PROCESSED,
    REPORTS,
    check_output_folder,
    locked,
    protected_paths,
    recover,
    require_published,
    staging_folder,
)
from analysis.store.tables import read_table, table_path

__all__ = ["ReportSettings", "build_report", "package_notebooks", "render_missing_pdf"]

DEFAULT_NAME = "blame_report"
_log = logging.getLogger(__name__)


def _has_notebooks(folder: Path) -> bool:
    return folder.is_dir() and any(folder.glob("[0-9][0-9]_*.ipynb"))


def package_notebooks() -> Path:
    """Return the report notebooks: `./notebooks` of a checkout, else the ones shipped in the package.

    An installed wheel carries them as package data (`analysis/notebooks`); an editable
    install finds the checkout's `notebooks/` beside `src/`.
    """
    here = package_dir()
    for folder in (Path("notebooks"), here / "notebooks", here.parents[1] / "notebooks"):
        if _has_notebooks(folder):
            return folder
    raise BuildError(f"{here / 'notebooks'}: no report notebooks (NN_name.ipynb) in the package "
                     "or in ./notebooks")


@dataclass(frozen=True)
class ReportSettings:
    """Parameters of one report variant; the notebook parameters are a subset."""

    notebooks_dir: Path
    raw_dir: Path
    processed_dir: Path
    reports_dir: Path
    name: str = "blame_report"
    title: str = "Who blames whom for fentanyl"
    level: str = "bloc"
    outlet: str = ""
    statements_source: str = "combined"
    pdf: bool = True
    extra_inputs: tuple[Path, ...] = ()
    lock_timeout: float | None = None
    progress: bool = False  # a bar on stderr, notebook by notebook (see analysis.progress)
    extra_raw_dirs: tuple[Path, ...] = ()  # more raw folders the build joined (protected, in the manifest)
    extra_notebooks: tuple[Path, ...] = ()  # run too, in name order among the numbered notebooks

    def notebook_parameters(self) -> dict[str, str]:
        """Return the papermill parameters (paths as given, so outputs hold no absolute paths)."""
        return {
            "raw_dir": str(self.raw_dir),
            "processed_dir": str(self.processed_dir),
            "report_title": self.title,
            "level": self.level,
            "outlet": self.outlet,
            "statements_source": self.statements_source,
        }


def build_report(settings: ReportSettings) -> list[Path]:
    """Render a report variant in a staging folder and move it into place only if all succeeds.

    The reports folder passes the same checks as a build's processed folder and is locked;
    the processed folder is read under a shared lock, so no build publishes meanwhile.
    """
    folder = _checked_reports_folder(settings)
    processed = settings.processed_dir
    with locked(folder, timeout=settings.lock_timeout), _read_lock(processed, settings.lock_timeout):
        recover(folder)
        require_published(processed)
        _check_settings(settings)
        return _build_report_locked(settings, folder)


@contextmanager
def _read_lock(processed: Path, timeout: float | None) -> Iterator[None]:
    """Hold the processed folder's shared lock while reading it (when it is a build's folder)."""
    if (processed / PROCESSED.marker).exists():
        with locked(processed, shared=True, timeout=timeout):
            yield
    else:
        yield


def render_missing_pdf(settings: ReportSettings) -> Path:
    """Render the PDF of a report whose notebooks already ran (no kernel starts).

    This is what `make report` runs once XeLaTeX is installed after an HTML-only report.
    """
    folder = _checked_reports_folder(settings)
    final = ReportPaths(settings.reports_dir, settings.name)
    with locked(folder, timeout=settings.lock_timeout):
        if not final.merged.exists():
            raise BuildError(f"{final.merged}: no executed report to render; run the report first")
        merged = nbformat.read(final.merged, as_version=4)
        with staging_folder(folder) as staging_dir:
            staged = ReportPaths(staging_dir, settings.name).pdf
            _render_pdf_keeping_log(merged, staged, final.pdf)
            _move_pdf(staged, final.pdf)
    return final.pdf


def _checked_reports_folder(settings: ReportSettings) -> Path:
    """Refuse a dangerous reports folder (the rules of `check_output_folder`); return it resolved."""
    protected = protected_paths(("the raw folder", settings.raw_dir),
                                ("the processed folder", settings.processed_dir),
                                *(("an input", path) for path in settings.extra_inputs),
                                *(("a raw folder", path) for path in settings.extra_raw_dirs))
    return check_output_folder(settings.reports_dir, REPORTS, protected, settings.raw_dir,
                               outside=[("the processed folder", settings.processed_dir),
                                        *(("a raw folder", path) for path in settings.extra_raw_dirs)])


def _move_pdf(staged: Path, final: Path) -> None:
    """Move a rendered PDF, and XeLaTeX's log when there is one, from staging into place."""
    os.replace(staged, final)
    log = staged.with_suffix(".log")
    if log.exists():
        os.replace(log, final.with_suffix(".log"))


def _build_report_locked(settings: ReportSettings, folder: Path) -> list[Path]:
    final = ReportPaths(settings.reports_dir, settings.name)
    with staging_folder(folder) as staging_dir:
        staging = ReportPaths(staging_dir, settings.name)
        with base_dir_for_kernels(Path.cwd()), _keep_failed_notebooks(staging, final):
            executed = _execute_with_progress(settings, staging)
        merged = merge_notebooks(executed, settings.title)
        nbformat.write(merged, staging.merged)
        render_html(merged, staging.html)
        if settings.pdf:
            _render_pdf_keeping_log(merged, staging.pdf, final.pdf)
        elif final.pdf.exists():
            final.pdf.unlink()  # an HTML-only report: the PDF of the previous run would be stale
        written = _swap_in(staging, final, settings.pdf)
        evidence = _write_evidence(settings)
        written += [evidence, _write_provenance(settings, final, evidence)]
        return written


def _execute_with_progress(settings: ReportSettings, staging: ReportPaths) -> list[Path]:
    """Execute the notebooks one by one, advancing the progress bar after each."""
    notebooks = _notebooks(settings)
    executed: list[Path] = []
    for notebook in progress(notebooks, total=len(notebooks), desc="report", enabled=settings.progress,
                             unit="notebook"):
        _log.info("report: running %s", notebook.name)
        executed += execute_notebooks([notebook], staging.notebooks_dir, settings.notebook_parameters(),
                                      cwd=Path.cwd())
    return executed


@contextmanager
def _keep_failed_notebooks(staging: ReportPaths, final: ReportPaths) -> Iterator[None]:
    """When a notebook fails, move the executed copies out of staging (which is removed) and say where."""
    try:
        yield
    except BuildError as err:
        kept = final.reports_dir / f"{final.name}_failed_notebooks"
        if kept.exists():
            shutil.rmtree(kept)
        os.replace(staging.notebooks_dir, kept)
        raise BuildError(str(err).replace(str(staging.notebooks_dir), str(kept))) from None


def _render_pdf_keeping_log(merged: nbformat.NotebookNode, staged: Path, final: Path) -> None:
    """Render the PDF; if XeLaTeX fails, keep its log beside where the PDF would go and say where."""
    try:
        render_pdf(merged, staged)
    except BuildError as err:
        log = staged.with_suffix(".log")
        if not log.exists():
            raise
        final.parent.mkdir(parents=True, exist_ok=True)
        os.replace(log, final.with_suffix(".log"))
        raise BuildError(f"{err} (log: {final.with_suffix('.log')})") from None


def _variant_path(settings: ReportSettings, stem: str, extension: str) -> Path:
    """Name a file beside the report after its variant: `evidence.csv`, `evidence_outlet-scmp.csv`."""
    return settings.reports_dir / f"{stem}{settings.name.removeprefix(DEFAULT_NAME)}{extension}"


def _write_evidence(settings: ReportSettings) -> Path:
    """Write every statement behind the report's edges to the evidence CSV."""
    data = load_report_data(settings.processed_dir, settings.level, settings.statements_source,
                            settings.outlet)
    evidence = full_evidence(data.statements, data.articles, data.ontology, settings.level)
    path = _variant_path(settings, "evidence", ".csv")
    with atomic_path(path) as temp:
        neutralise_frame(evidence).to_csv(temp, index=False, lineterminator="\n")
    return path


def _notebooks(settings: ReportSettings) -> list[Path]:
    """The numbered notebooks and the extra ones, in name order."""
    for path in settings.extra_notebooks:
        if not path.is_file():
            raise BuildError(f"{path}: extra notebook not found")
    found = [*report_notebooks(settings.notebooks_dir), *settings.extra_notebooks]
    return sorted(found, key=lambda p: p.name)


def _raw_inputs(raw_dir: Path) -> list[Path]:
    root = raw_dir.resolve()
    return [p for p in sorted(raw_dir.glob("*"))  # a symlink out of the raw folder is never read
            if not p.is_symlink() or Path(os.path.realpath(p)).is_relative_to(root)]


def _write_provenance(settings: ReportSettings, final: ReportPaths, evidence: Path) -> Path:
    """Record inputs, parameters, versions, commit and output hashes in the manifest."""
    inside = [p for folder in (settings.raw_dir, *settings.extra_raw_dirs) for p in _raw_inputs(folder)]
    inputs = [*inside, *sorted(settings.extra_inputs)]
    processed = [p for p in sorted(settings.processed_dir.rglob("*"))
                 if p.is_file() and "cache" not in p.relative_to(settings.processed_dir).parts
                 and not p.name.startswith(".")]
    notebooks = sorted(final.notebooks_dir.glob("*.ipynb"))
    outputs = [*processed, *notebooks, evidence]
    return write_manifest(_variant_path(settings, "manifest", ".json"), inputs, outputs,
                          settings.notebook_parameters(), Path.cwd())


def _check_settings(settings: ReportSettings) -> None:
    """Refuse unknown parameter values and missing tables before any kernel starts."""
    articles_path = table_path(settings.processed_dir, "articles")
    if not articles_path.exists():
        raise BuildError(f"{articles_path}: processed tables not found; run `python -m analysis build` first")
    outlets = set(read_table("articles", settings.processed_dir)["outlet"])
    try:
        check_parameters(settings.level, settings.statements_source, settings.outlet, outlets)
    except ValueError as err:
        raise BuildError(str(err)) from None


def _swap_in(staging: ReportPaths, final: ReportPaths, with_pdf: bool) -> list[Path]:
    final.reports_dir.mkdir(parents=True, exist_ok=True)
    replace_dir(staging.notebooks_dir, final.notebooks_dir)
    written = [final.notebooks_dir]
    os.replace(staging.html, final.html)
    written.append(final.html)
    if with_pdf:
        _move_pdf(staging.pdf, final.pdf)
        written.append(final.pdf)
    return written
