"""Run the report notebooks with papermill and render the HTML and PDF with nbconvert.

The executed notebooks are normalised (stable cell ids, no timings or paths in the
metadata), kept beside the report, and merged into one report notebook that nbconvert
renders with the package's offline HTML template and its XeLaTeX template.
"""

from __future__ import annotations

import copy
import html
import os
import re
import shutil
import tempfile
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import nbformat
import papermill
from jupyter_client.manager import AsyncKernelManager
from nbconvert import HTMLExporter, PDFExporter
from nbconvert.exporters.pdf import LatexFailed
from nbconvert.preprocessors import TagRemovePreprocessor
from papermill.exceptions import PapermillExecutionError
from traitlets import CaselessStrEnum, default

from analysis.errors import BuildError
from analysis.report.display import LIST_CLASS
from analysis.report.interactive import inline_network_script
from analysis.report.sanitise import pdf_printable, sanitise_notebook
from analysis.resources import template_dir
from analysis.store.atomic import write_bytes_atomically

__all__ = [
    "BuildError",
    "ReportPaths",
    "execute_notebooks",
    "merge_notebooks",
    "normalise_notebook",
    "render_html",
    "render_pdf",
]

KERNEL_NAME = "python3"  # ipykernel's native kernel: the interpreter that runs this code
KERNEL_MANAGER = "analysis.report.render.LocalSocketKernelManager"
REMOVED_IN_REPORT = {"parameters", "injected-parameters", "remove-cell"}
REPORT_AUTHOR = "blame-report contributors"  # as in CITATION.cff
REPORT_SUBJECT = "Who blames whom in news about the US–Mexico–China fentanyl crisis"
REPORT_KEYWORDS = "fentanyl, blame, news, network analysis, United States, Mexico, China"
REPORT_LANGUAGE = "en"


class LocalSocketKernelManager(AsyncKernelManager):
    """Talk to kernels over local (IPC) sockets in a temporary folder, not over TCP ports.

    Nothing listens on the network while the report builds, and ipykernel does not warn
    about unencrypted TCP.
    """

    transport = CaselessStrEnum(["tcp", "ipc"], default_value="ipc", config=True)
    socket_dir = ""  # set by `execute_notebooks` to a temporary folder removed afterwards

    @default("ip")
    def _default_socket_prefix(self) -> str:
        return os.path.join(self.socket_dir or tempfile.gettempdir(), "kernel")

    async def _async_interrupt_kernel(self) -> None:
        """Interrupt the kernel, except on the way to shutting it down.

        jupyter_client sends SIGINT before every shutdown request. papermill shuts a kernel
        down only once its notebook has finished, so the signal stops nothing and only makes
        ipykernel log "KeyboardInterrupt caught in kernel". A kernel still busy is ended by
        the shutdown's own SIGTERM, then SIGKILL.
        """
        if self.shutting_down:
            return
        await super()._async_interrupt_kernel()


@dataclass(frozen=True)
class ReportPaths:
    """Where one report variant writes its files."""

    reports_dir: Path
    name: str

    @property
    def notebooks_dir(self) -> Path:
        return self.reports_dir / f"{self.name}_notebooks"

    @property
    def html(self) -> Path:
        return self.reports_dir / f"{self.name}.html"

    @property
    def pdf(self) -> Path:
        return self.reports_dir / f"{self.name}.pdf"

    @property
    def merged(self) -> Path:
        return self.notebooks_dir / f"{self.name}.ipynb"


def report_notebooks(notebook_dir: str | Path) -> list[Path]:
    """Return the numbered report notebooks (`NN_name.ipynb`) in run order."""
    found = sorted(Path(notebook_dir).glob("[0-9][0-9]_*.ipynb"))
    if not found:
        raise BuildError(f"{notebook_dir}: no numbered notebooks (NN_name.ipynb) to run")
    return found


def execute_notebooks(
    notebooks: list[Path], out_dir: Path, parameters: Mapping[str, Any], cwd: Path
) -> list[Path]:
    """Execute notebooks in order with papermill; stop at the first failing cell."""
    out_dir.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix="blame-report-kernels-") as sockets:
        LocalSocketKernelManager.socket_dir = sockets
        return [_execute_one(notebook, out_dir, parameters, cwd) for notebook in notebooks]


def _execute_one(notebook: Path, out_dir: Path, parameters: Mapping[str, Any], cwd: Path) -> Path:
    """Execute one notebook into `out_dir`, normalise it, and return the executed copy's path."""
    output = out_dir / notebook.name
    try:
        papermill.execute_notebook(
            str(notebook), str(output), parameters=dict(parameters), kernel_name=KERNEL_NAME,
            cwd=str(cwd), progress_bar=False, log_output=False, request_save_on_cell_execute=False,
            kernel_manager_class=KERNEL_MANAGER,
        )
    except PapermillExecutionError as err:
        raise BuildError(_failure_message(notebook, output, err)) from None
    nbformat.write(normalise_notebook(nbformat.read(output, as_version=4)), output)
    return output


def _failure_message(notebook: Path, output: Path, err: PapermillExecutionError) -> str:
    cell = _original_cell_number(output, err.cell_index)
    evalue = str(err.evalue).strip().splitlines()[0] if str(err.evalue).strip() else ""
    return (f"{notebook.name}: cell {cell} failed: {err.ename}: {evalue} "
            f"(executed copy kept at {output})")


def _original_cell_number(output: Path, cell_index: int) -> int:
    """Count the failing cell as the author sees it (1-based, without papermill's injected cell)."""
    try:
        cells = nbformat.read(output, as_version=4).cells
    except Exception:  # noqa: BLE001 - the message stays useful without it
        return cell_index + 1
    injected = sum(1 for c in cells[:cell_index] if "injected-parameters" in c.metadata.get("tags", []))
    return cell_index + 1 - injected


def normalise_notebook(nb: nbformat.NotebookNode) -> nbformat.NotebookNode:
    """Drop run-specific metadata (timings, paths, versions) and renumber cell ids."""
    nb = copy.deepcopy(nb)
    nb.metadata.pop("papermill", None)
    nb.metadata.pop("widgets", None)
    nb.metadata.get("language_info", {}).pop("version", None)
    for index, cell in enumerate(nb.cells, start=1):
        cell["id"] = f"cell-{index:03d}"
        cell.metadata.pop("papermill", None)
        cell.metadata.pop("execution", None)
        for output in cell.get("outputs", []):
            output.get("metadata", {}).pop("execution", None)
    return nb


def merge_notebooks(executed: list[Path], title: str) -> nbformat.NotebookNode:
    """Concatenate executed notebooks into one report, without parameter or hidden cells."""
    first = nbformat.read(executed[0], as_version=4)
    merged = nbformat.v4.new_notebook(metadata=copy.deepcopy(first.metadata))
    merged.metadata["title"] = flat_title(title)
    merged.metadata["authors"] = [{"name": REPORT_AUTHOR}]
    merged.metadata["subject"] = REPORT_SUBJECT
    merged.metadata["keywords"] = REPORT_KEYWORDS
    merged.metadata["language"] = REPORT_LANGUAGE
    for path in executed:
        for cell in nbformat.read(path, as_version=4).cells:
            if REMOVED_IN_REPORT.isdisjoint(cell.metadata.get("tags", [])):
                merged.cells.append(merge_list_outputs(cell))
    merged.cells.insert(0, _table_of_contents(merged.cells))
    heading = nbformat.v4.new_markdown_cell(title_heading(title), metadata={"tags": ["html-only"]})
    merged.cells.insert(0, heading)
    return normalise_notebook(merged)


def _list_output(output: nbformat.NotebookNode) -> bool:
    html_text = output.get("data", {}).get("text/html", "")
    html_text = html_text if isinstance(html_text, str) else "".join(html_text)
    return output.get("output_type") == "display_data" and html_text.startswith(f'<ul class="{LIST_CLASS}">')


def merge_list_outputs(cell: nbformat.NotebookNode) -> nbformat.NotebookNode:
    """Join a cell's consecutive one-item lists (a finding displayed per line) into one list."""
    outputs = cell.get("outputs", [])
    if sum(_list_output(o) for o in outputs) < 2:
        return cell
    cell = copy.deepcopy(cell)
    merged: list[nbformat.NotebookNode] = []
    for output in cell.outputs:
        if merged and _list_output(output) and _list_output(merged[-1]):
            _join_list(merged[-1], output)
        else:
            merged.append(output)
    cell.outputs = merged
    return cell


def _join_list(into: nbformat.NotebookNode, other: nbformat.NotebookNode) -> None:
    def text(output: nbformat.NotebookNode, mime: str) -> str:
        value = output["data"].get(mime, "")
        return value if isinstance(value, str) else "".join(value)

    into["data"]["text/html"] = text(into, "text/html").removesuffix("</ul>") + text(
        other, "text/html").removeprefix(f'<ul class="{LIST_CLASS}">')
    end, begin = "\\end{itemize}\n", "\\begin{itemize}\n"
    if "text/latex" in into["data"] and "text/latex" in other["data"]:
        into["data"]["text/latex"] = text(into, "text/latex").removesuffix(end) + text(
            other, "text/latex").removeprefix(begin)
    if "text/plain" in into["data"] and "text/plain" in other["data"]:
        into["data"]["text/plain"] = text(into, "text/plain") + "\n" + text(other, "text/plain")


_MARKDOWN_HEADING = re.compile(r"^(#{1,5})(?=\s)", re.MULTILINE)


def demote_headings(nb: nbformat.NotebookNode) -> None:
    """Lower every markdown heading one level in place, so the report title is the page's one <h1>."""
    for cell in nb.cells:
        if cell.cell_type == "markdown":
            cell.source = _MARKDOWN_HEADING.sub(r"#\1", _text(cell.source))
        for output in cell.get("outputs", []):
            data = output.get("data", {})
            if "text/markdown" in data:
                data["text/markdown"] = _MARKDOWN_HEADING.sub(r"#\1", _text(data["text/markdown"]))


def _text(value: str | list[str]) -> str:
    return value if isinstance(value, str) else "".join(value)


def flat_title(title: str) -> str:
    """The title on one line: control characters and runs of white space become one space."""
    return " ".join(re.sub(r"[\x00-\x1f\x7f-\x9f]", " ", title).split())


def title_heading(title: str) -> str:
    """The report title as an HTML heading, escaped like article text: never Markdown, so
    `[x](javascript:...)`, `*`, `#` and `<b>` show as written; controls become spaces."""
    return f'<h1 class="report-title">{html.escape(flat_title(title), quote=True)}</h1>'


_HEADING = re.compile(r"^(#{1,3})\s+(.+?)\s*$", re.MULTILINE)


def _table_of_contents(cells: list[nbformat.NotebookNode]) -> nbformat.NotebookNode:
    """Build a linked table of contents (HTML only; the PDF gets LaTeX's own)."""
    lines = ["# Contents", ""]
    for cell in cells:
        if cell.cell_type != "markdown":
            continue
        for hashes, heading in _HEADING.findall(cell.source):
            if len(hashes) > 2:
                continue
            indent = "    " * (len(hashes) - 1)
            lines.append(f"{indent}- [{heading}](#{heading_anchor(heading)})")
    return nbformat.v4.new_markdown_cell("\n".join(lines), metadata={"tags": ["html-only"]})


def heading_anchor(heading: str) -> str:
    """Return the id nbconvert gives a markdown heading (spaces become hyphens)."""
    return heading.strip().replace(" ", "-")


def render_html(nb: nbformat.NotebookNode, target: Path) -> Path:
    """Render the report notebook to offline HTML (code hidden, nothing loaded from a CDN)."""
    exporter = HTMLExporter(
        extra_template_basedirs=[str(template_dir())], template_name="offline_html",
        exclude_input=True, exclude_input_prompt=True, exclude_output_prompt=True,
        embed_images=True,
    )
    nb = copy.deepcopy(nb)
    sanitise_notebook(nb)
    demote_headings(nb)
    body, _ = exporter.from_notebook_node(nb, resources={"metadata": {"name": nb.metadata["title"]}})
    body = inline_network_script(body)
    write_bytes_atomically(target, body.encode("utf-8"))
    return target


def render_pdf(nb: nbformat.NotebookNode, target: Path) -> Path:
    """Render the report notebook to PDF with XeLaTeX through nbconvert (code hidden)."""
    remove_html_only = TagRemovePreprocessor(remove_cell_tags={"html-only"})
    exporter = _LoggedPDFExporter(
        extra_template_basedirs=[str(template_dir())], template_name="report_latex",
        exclude_input=True, exclude_input_prompt=True, exclude_output_prompt=True,
        latex_count=2, raw_mimetypes=["text/latex"],  # raw LaTeX cells print (the appendix switch)
    )
    exporter.register_preprocessor(remove_html_only, enabled=True)
    nb = copy.deepcopy(nb)
    sanitise_notebook(nb, pdf_printable)
    env = {"SOURCE_DATE_EPOCH": os.environ.get("SOURCE_DATE_EPOCH", "0"), "FORCE_SOURCE_DATE": "1"}
    try:
        with _environment(env):
            body, _ = exporter.from_notebook_node(
                nb, resources={"metadata": {"name": nb.metadata["title"]}}
            )
    except LatexFailed:
        raise BuildError(f"{target.name}: xelatex failed: {_first_latex_error(exporter.latex_log)}") from None
    finally:
        if exporter.latex_log:
            write_bytes_atomically(target.with_suffix(".log"), exporter.latex_log.encode("utf-8"))
    write_bytes_atomically(target, body)
    return target


class _LoggedPDFExporter(PDFExporter):
    """nbconvert's PDF exporter, keeping the xelatex log for the checks on missing glyphs."""

    latex_log = ""

    def run_latex(self, filename, raise_on_failure=LatexFailed):  # type: ignore[no-untyped-def]
        try:
            return super().run_latex(filename, raise_on_failure)
        finally:
            log = Path(filename).with_suffix(".log")
            if log.exists():
                self.latex_log = log.read_text(encoding="utf-8", errors="replace")


def _first_latex_error(log: str) -> str:
    errors = [line for line in log.splitlines() if line.startswith("!")]
    if errors:
        return errors[0]
    last = [line for line in log.splitlines() if line.strip()][-1:]
    return f"no error line; the log ends with {last[0]!r}" if last else "no log was written"


class _environment:
    """Set environment variables for the duration of a block."""

    def __init__(self, values: Mapping[str, str]) -> None:
        self.values = dict(values)
        self.saved: dict[str, str | None] = {}

    def __enter__(self) -> None:
        for key, value in self.values.items():
            self.saved[key] = os.environ.get(key)
            os.environ[key] = value

    def __exit__(self, *exc: object) -> None:
        for key, value in self.saved.items():
            if value is None:
                os.environ.pop(key, None)
            else:
                os.environ[key] = value


def replace_dir(staging: Path, final: Path) -> None:
    """Swap a fully built staging folder into place, keeping the old one until the end."""
    old = final.with_name(f".{final.name}.old")
    if old.exists():
        shutil.rmtree(old)
    if final.exists():
        final.rename(old)
    staging.rename(final)
    if old.exists():
        shutil.rmtree(old)
