"""Generate `docs/data_dictionary.md` from the pandera schemas, so it cannot drift."""

from __future__ import annotations

from collections.abc import Iterable

from analysis.store.long_export import LONG_EXPORT_COLUMNS
from analysis.store.schemas import TABLE_SCHEMAS
from analysis.store.tables import INTERVAL_DRAWS, INTERVAL_SEED, OFFSET_NAMES, QUALITY_COLUMNS, code_columns

__all__ = ["render_data_dictionary"]

_HEADER = """# Data dictionary

Generated from the pandera schemas in `src/analysis/store/schemas.py` by
`python -m analysis dictionary --out docs/data_dictionary.md` (`make dictionary`).
Do not edit by hand: a test fails when this file is stale.

## CSV files and spreadsheets

The parquet tables keep every text exactly. The CSV files written for people to open in a
spreadsheet — `reports/evidence*.csv`, the `review export` and `review unresolved` files, the
graph node and edge CSVs and `blame_<level>_metrics.csv` in `graph/`, `extraction_quality.csv`,
the `extract --out` statements (read back exactly by `evaluate --pred`) and the `evaluate --out`
scores — neutralise
formula injection (OWASP): a text cell that starts with `=`, `+`, `-`, `@`, a tab or a
carriage return gets a leading single quote (`'=1+1`), and so does a text cell that already
starts with a quote, so the change can be undone exactly. Numeric columns are never changed
(a net balance of `-3` stays `-3`). To recover the exact text, drop one leading `'` from a
text cell whose rest starts with one of those characters or a quote; `review import` (and
`validate` on a review file) does so. `extract --out` and the curated statements CSV are
not for spreadsheets and keep the exact text, so offsets slice it.

## Parquet tables

Column names and types below are those in the parquet files. Offsets are named
`start_offset`/`end_offset` there (and in the long export), so SQL needs no quoting; the curated
CSV, the review CSV, `extract --out` and the package's frames in memory (`analysis.store.tables.read_table`)
keep the codebook's `start`/`end`. Code columns (a fixed list of values) are dictionary-encoded
(`dictionary` below: a category in pandas, an ENUM-like dictionary in DuckDB and polars). Dates
are parquet DATE columns, null when unknown, beside their precision. For example, in DuckDB:
`SELECT outlet, relation, count(*) FROM 'data/processed/statements.parquet' GROUP BY ALL`.
"""

_LONG_EXPORT = """
## Long export (`statements_long.csv`)

One row per statement of `statements.parquet`, in the shape Discourse Network Analyzer (DNA) and
rDNA users import: `document` (article id), `date` (ISO, first day of the period, empty when
unknown), `date_precision`, `outlet`, `person` (the speaker's name when a person, else empty),
`organisation` (the speaker's organisation, or country/group at the top), `concept` (the target's
name), `qualifier` (the relation), `agreement` (1 support, 0 blame), then `speaker`,
`speaker_bloc`, `target`, `target_organisation`, `target_bloc`, `topic`, `voice`, `source`, `text`
(the evidence) and `start_offset`/`end_offset`. Columns, in order: {columns}. Text cells are
neutralised as described above.
"""

_QUALITY = """
## Extraction quality on the development corpus (`quality.csv`)

Written by `make quality` (`python -m analysis quality --processed-dir …`) beside the processed
tables; aggregate scores only. One row per `corpus` (`heldout`, `dev`, `seeds`, `agreement`: a
second human coder against the first), `match` (`bloc`, `grounded`; `relation_alpha` holds
Krippendorff's alpha in `f1` and the matched pairs in `n_match`), `relation` (`all` or one
relation) and `method` (`extractor`, `baseline`, `second_coder`), with `precision`, `recall`,
`f1` and the counts `n_gold`, `n_pred`, `n_match`. `f1_low` and `f1_high` bound the 95% interval
of F1 when the scored articles are resampled with replacement ({draws} draws, seed {seed}; empty for
alpha). Columns, in order: {columns}.
"""


_GRAPH_EXPORTS = """
## Graph exports (`graph/`)

For each level (`person`, `organisation`, `bloc`) the build writes `blame_<level>.graphml`,
`blame_<level>.gexf` (GEXF 1.2draft; no attribute the schema does not allow), `blame_<level>_nodes.csv`
and `blame_<level>_edges.csv`: one directed edge per ordered actor pair, counted by the codebook's
repeat rule (distinct sentences), and `blame_<level>_metrics.csv` (the node metrics alone).

The node CSV starts `Id,Label`, the edge CSV `Source,Target,Type`: Gephi's spreadsheet import
reads them as they are; python-igraph's `Graph.DataFrame(edges, directed=True, vertices=nodes,
use_vids=False)` and R igraph's `graph_from_data_frame(edges, directed = TRUE, vertices = nodes)`
take the first column of each as the vertex name and ends, so there is no `name` column to clash
with theirs. GraphML writes the graph's attributes (`level`, `relation_filter`) before the nodes;
GEXF puts them in the meta description and uses `Label` as the node label.

Node attributes (every format):

| Attribute | Type | Description |
| --- | --- | --- |
| `Id` (CSV) / node id | string | Actor id at the level. |
| `Label` (CSV) / `label` | string | Actor display name. |
| `kind` | string | person, organisation, country, group or outlet. |
| `bloc` | string | The actor's bloc. |
| `level` | string | person, organisation or bloc. |
| `blame_received` | int | Distinct sentences in which others blame the actor (no self-loops). |
| `blame_given` | int | Distinct sentences in which the actor blames others. |
| `net_blame` | int | blame_received − blame_given. |
| `pagerank` | float | PageRank (α = 0.85) on the blame edges weighted by `blame_weight`; 0 without blame. |

Edge attributes (every format; `Source`, `Target` and `Type` = `Directed` in the CSV):

| Attribute | Type | Description |
| --- | --- | --- |
| `weight` | int | Distinct sentences on the edge, any relation (what Gephi sizes edges by). |
| `blame_weight` | int | Distinct sentences with a negative relation (accuse, deny, demand, threaten). |
| `support_weight` | int | Distinct sentences with a positive relation (appeal, cooperate, praise). |
| `net` | int | support_weight − blame_weight: the signed weight. |
| `sign` | int | −1, 0 or 1: the sign of `net`. |
| `n_articles` | int | Distinct articles on the edge. |
{relation_rows}
| `dominant_relation` | string | The most frequent relation (ties in codebook order). |
| `relation_counts` | string | The same counts as text, `relation:n;…` (for reading, not filtering). |
| `is_self_loop` | bool | True when speaker and target are the same actor at this level. |

A sentence holding a negative and a positive relation counts in both `blame_weight` and
`support_weight`, so they may add up to more than `weight`. To filter by relation in Gephi, use a
range filter on `n_<relation>` (e.g. `n_deny` ≥ 1) and weight by it.
"""


def _graph_exports_section() -> str:
    from analysis.codebook import RELATIONS

    rows = "\n".join(f"| `n_{r}` | int | Distinct sentences coded `{r}`. |" for r in RELATIONS)
    return _GRAPH_EXPORTS.replace("{relation_rows}", rows)


def render_data_dictionary() -> str:
    """Return the data dictionary as Markdown: one `Column | Type | Description` table per table."""
    parts = [_HEADER, _graph_exports_section(),
             _LONG_EXPORT.replace("{columns}", _code_list(LONG_EXPORT_COLUMNS)),
             _QUALITY.format(columns=_code_list(QUALITY_COLUMNS), draws=f"{INTERVAL_DRAWS:,}",
                             seed=INTERVAL_SEED)]
    for name, model in TABLE_SCHEMAS.items():
        schema = model.to_schema()
        parts.append(f"\n## `{name}.parquet`\n\n{(model.__doc__ or '').strip()}\n")
        parts.append("| Column | Type | Description |\n| --- | --- | --- |")
        codes = set(code_columns(name))
        for column_name, column in schema.columns.items():
            description = (column.description or "").replace("|", "\\|")
            kind = "dictionary" if column_name in codes else _type_name(column.dtype)
            parts.append(f"| `{OFFSET_NAMES.get(column_name, column_name)}` | {kind} | {description} |")
    return "\n".join(parts) + "\n"


def _code_list(columns: Iterable[str]) -> str:
    """Column names as Markdown code, comma-separated."""
    return ", ".join(f"`{c}`" for c in columns)


def _type_name(dtype: object) -> str:
    text = str(dtype)
    return {"string[pyarrow]": "string", "str": "string", "datetime64[ns]": "date (nullable)"}.get(text, text)
