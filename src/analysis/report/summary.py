"""The summary: the story in plain sentences computed from the data, each with its robustness
(leave-one-article-out) and a pointer to its evidence; and the statement-source tables."""

from __future__ import annotations

import html
from collections.abc import Callable
from dataclasses import dataclass

import pandas as pd

from analysis.codebook import GOVERNMENT_BLOCS, RELATIONS
from analysis.measures.facts import compare_claims
from analysis.measures.framing import assign_topic_groups, topic_group_labels
from analysis.measures.robustness import Robustness, leave_one_article_out, robustness_phrase
from analysis.network.counting import count_sentences, generic_mutual_sentences, without_generic_mutual
from analysis.network.metrics import bloc_matrix
from analysis.report.data import ReportData
from analysis.report.display import LIST_CLASS, escape_latex, plural
from analysis.report.evidence import evidence_rows, full_evidence, outlet_voices

__all__ = [
    "Headline",
    "count_divergent_groups",
    "counting_note",
    "divergent_quantities",
    "headline_findings",
    "relation_by_bloc_table",
    "source_table",
    "sources_prose",
    "story",
]

_SOURCE_LABEL = {"curated": "curated (hand-coded)", "auto": "automatic (rules)"}
_BLOC_NAMES = {"US": "the United States", "MX": "Mexico", "CN": "China", "CARTELS": "the cartels",
               "SUPPLIERS": "precursor suppliers", "INTL": "the international community",
               "MEDIA": "the media"}
_EVIDENCE_ANCHOR = "Evidence-appendix"


def _name(bloc: str) -> str:
    return _BLOC_NAMES.get(bloc, bloc)


def _cap(text: str) -> str:
    return text[:1].upper() + text[1:]


@dataclass(frozen=True)
class Headline:
    """One headline: a sentence, how robust it is, and where its evidence is (refs or a section)."""

    text: str
    robustness: str
    refs: tuple[str, ...] = ()
    section: str = "Evidence appendix"

    def _pointer(self) -> str:
        return (f"evidence rows {', '.join(self.refs)}" if self.refs else f"see {self.section}")

    def _repr_html_(self) -> str:  # a one-item list: the renderer joins a cell's headlines into one list
        anchor = _EVIDENCE_ANCHOR if self.refs else self.section.replace(" ", "-")
        link = f'<a href="#{html.escape(anchor)}">{html.escape(self._pointer())}</a>'
        return (f'<ul class="{LIST_CLASS}"><li>{html.escape(self.text)} <em>({html.escape(self.robustness)};'
                f'</em> {link}<em>)</em></li></ul>')

    def _repr_latex_(self) -> str:
        where = f"{self._pointer()} in the appendix" if self.refs else self._pointer()
        item = escape_latex(f"{self.text} ({self.robustness}; {where})")
        return f"\\begin{{itemize}}\n\\item {item}\n\\end{{itemize}}\n"

    def __repr__(self) -> str:
        return f"• {self.text} ({self.robustness}; {self._pointer()})"


# --------------------------------------------------------------------- statement sources


def source_table(data: ReportData) -> pd.DataFrame:
    """Count the report's statements by source, with distinct sentences and articles beside them."""
    rows = []
    for source, group in data.statements.groupby("source", sort=True):
        rows.append({"Source": _SOURCE_LABEL.get(source, source), "Statements": len(group),
                     "Sentences": count_sentences(group), "Articles": group["article_id"].nunique()})
    return pd.DataFrame(rows, columns=["Source", "Statements", "Sentences", "Articles"])


def sources_prose(data: ReportData) -> str:
    """Say which statement source the report uses and how many statements each gave."""
    counts = data.statements["source"].value_counts()
    n_curated, n_auto = int(counts.get("curated", 0)), int(counts.get("auto", 0))
    choice = {
        "combined": "combined: hand-coded statements for every article the curated file covers, "
                    "automatic ones for the rest",
        "curated": "curated: hand-coded statements only",
        "auto": "auto: automatically extracted statements only",
    }[data.statements_source]
    scope = f" for the outlet {data.outlet}" if data.outlet else ""
    return (f"This report analyses **{plural(len(data.statements), 'statement')}**{scope} "
            f"(source {choice}): {plural(n_curated, 'curated statement')} and "
            f"{plural(n_auto, 'automatic statement')}, from "
            f"{plural(data.statements['article_id'].nunique(), 'article')}. "
            f"Each statement names its source in the evidence appendix.")


def relation_by_bloc_table(statements: pd.DataFrame, articles: pd.DataFrame | None = None) -> pd.DataFrame:
    """Count distinct sentences by speaker bloc (rows) and relation (columns), with each bloc's total.

    A sentence holding two relations counts once in each column and once in the total. With
    `articles`, each outlet's own narration is a row of its own ("sipr (own voice)"), so the
    outlets are never merged into one MEDIA speaker.
    """
    if statements.empty:
        return pd.DataFrame(columns=["Speaker bloc", "Total"])
    speakers = statements["speaker_bloc"].astype(str)
    if articles is not None:
        outlets = articles.set_index("article_id")["outlet"].to_dict()
        own = (statements["voice"] == "narrator") & (speakers == "MEDIA")
        speakers = speakers.where(~own, statements["article_id"].map(outlets).astype(str) + " (own voice)")
    rows = []
    for bloc, group in statements.groupby(speakers.to_numpy(), sort=True):
        row = {"Speaker bloc": bloc}
        row.update({r: count_sentences(group[group["relation"] == r]) for r in RELATIONS
                    if r in set(statements["relation"])})
        row["Total"] = count_sentences(group)
        rows.append(row)
    table = pd.DataFrame(rows)
    return table.sort_values(["Total", "Speaker bloc"], ascending=[False, True]).reset_index(drop=True)


def counting_note() -> str:
    """Say in one line how every count in the report is made."""
    return ("Every count is of distinct sentences (a sentence holding the same claim twice counts once). "
            "A tie is an ordered pair of two different actors with at least one statement; its blame "
            "weight counts sentences with a negative relation (accuse, deny, demand, threaten) and its "
            "cooperation weight sentences with a positive one (appeal, cooperate, praise). A sentence that "
            "only says that governments blame each other (\"traded blame\") counts once, as a mutual "
            "event, and not as accusations.")


# --------------------------------------------------------------------- findings on statements


def _gov_matrix(statements: pd.DataFrame, relation: str) -> pd.DataFrame:
    return bloc_matrix(statements, relation).loc[list(GOVERNMENT_BLOCS), list(GOVERNMENT_BLOCS)]


def _ranked(series: pd.Series) -> list[str]:
    return sorted((k for k in series.index if series[k] > 0), key=lambda k: (-int(series[k]), k))


def _top_accuser(statements: pd.DataFrame) -> str:
    ranked = _ranked(_off_diagonal(_gov_matrix(statements, "accuse")).sum(axis=1))
    return ranked[0] if ranked else ""


def _top_accused(statements: pd.DataFrame) -> str:
    ranked = _ranked(_off_diagonal(_gov_matrix(statements, "accuse")).sum(axis=0))
    return ranked[0] if ranked else ""


def _off_diagonal(matrix: pd.DataFrame) -> pd.DataFrame:
    out = matrix.copy()
    for bloc in out.index:
        out.loc[bloc, bloc] = 0
    return out


def _pairs(matrix: pd.DataFrame) -> list[tuple[str, str, int]]:
    cells = [(s, t, int(matrix.loc[s, t])) for s in matrix.index for t in matrix.columns
             if s != t and matrix.loc[s, t] > 0]
    return sorted(cells, key=lambda c: (-c[2], c[0], c[1]))


def _top_denial(statements: pd.DataFrame) -> tuple[str, str]:
    pairs = _pairs(_gov_matrix(statements, "deny"))
    return (pairs[0][0], pairs[0][1]) if pairs else ("", "")


def _mutual_pairs(statements: pd.DataFrame) -> frozenset[tuple[str, str]]:
    matrix = _gov_matrix(statements, "accuse")
    return frozenset((a, b) for a in GOVERNMENT_BLOCS for b in GOVERNMENT_BLOCS
                     if a < b and matrix.loc[a, b] > 0 and matrix.loc[b, a] > 0)


def _frames(statements: pd.DataFrame) -> tuple[tuple[str, str], ...]:
    """Each government's most frequent topic group in its accusations of others (distinct sentences)."""
    rows = statements[(statements["relation"] == "accuse") & statements["speaker_bloc"].isin(GOVERNMENT_BLOCS)
                      & (statements["speaker_bloc"] != statements["target_bloc"])]
    if rows.empty:
        return ()
    grouped = assign_topic_groups(rows).drop_duplicates(["speaker_bloc", "topic_group", "article_id",
                                                          "sentence_no", "start"])
    counts = grouped.groupby(["speaker_bloc", "topic_group"]).size()
    result = []
    for bloc in GOVERNMENT_BLOCS:
        if bloc in counts.index.get_level_values(0):
            result.append((bloc, _ranked(counts.loc[bloc])[0]))
    return tuple(result)


def _top_narrated(statements: pd.DataFrame) -> str:
    rows = statements[(statements["voice"] == "narrator") & (statements["speaker_bloc"] == "MEDIA")
                      & (statements["relation"] == "accuse")]
    if rows.empty:
        return ""
    counts = pd.Series({t: count_sentences(g) for t, g in rows.groupby("target_bloc")})
    return _ranked(counts)[0]


# --------------------------------------------------------------------- sentences


def _article_label(data: ReportData) -> Callable[[str], str]:
    outlets = data.articles.set_index("article_id")["outlet"].to_dict()
    return lambda a: f"the {outlets.get(a, '?')} article ({a})"


def _refs(rows: pd.DataFrame, edges: list[tuple[str, str, str]], per_edge: int = 2) -> tuple[str, ...]:
    refs: list[str] = []
    for speaker, target, relation in edges:
        hit = rows[(rows["speaker_at_level"] == speaker) & (rows["target_at_level"] == target)
                   & (rows["relation"] == relation)]
        refs += list(hit["Ref"].head(per_edge))
    return tuple(refs)


def _phrase(result: Robustness, data: ReportData) -> str:
    return robustness_phrase(result, _article_label(data))


def _accusation_headline(counted: pd.DataFrame, data: ReportData, rows: pd.DataFrame,
                         ids: dict[str, str]) -> Headline | None:
    matrix = _off_diagonal(_gov_matrix(counted, "accuse"))
    pairs = _pairs(matrix)
    if not pairs:
        return None
    by_speaker = []
    for speaker in _ranked(matrix.sum(axis=1)):
        targets = [f"{_name(t)} in {plural(n, 'sentence')}" for s, t, n in pairs if s == speaker]
        by_speaker.append(f"{_name(speaker)} accuses {' and '.join(targets)}")
    top = _top_accuser(counted)
    text = (f"Government-to-government blame: {'; '.join(by_speaker)}. {_cap(_name(top))} accuses most "
            f"({plural(int(matrix.loc[top].sum()), 'sentence')} against the other two governments).")
    result = leave_one_article_out(counted, _top_accuser)
    edges = [(ids[s], ids[t], "accuse") for s, t, _ in pairs]
    return Headline(text, f"'{_name(top)} accuses most' {_phrase(result, data)}", _refs(rows, edges, 1))


def _accused_headline(counted: pd.DataFrame, data: ReportData, rows: pd.DataFrame,
                      ids: dict[str, str]) -> Headline | None:
    matrix = _off_diagonal(_gov_matrix(counted, "accuse"))
    top = _top_accused(counted)
    if not top:
        return None
    received = matrix[top]
    blamers = [f"{_name(s)} ({int(n)})" for s, n in received.items() if n > 0]
    others = [f"{_name(b)} in {int(matrix[b].sum())}" for b in GOVERNMENT_BLOCS if b != top]
    text = (f"{_cap(_name(top))} is the most accused government: {plural(int(received.sum()), 'sentence')} "
            f"from {' and '.join(blamers)}; {' and '.join(others)}.")
    result = leave_one_article_out(counted, _top_accused)
    edges = [(ids[s], ids[top], "accuse") for s, n in received.items() if n > 0]
    return Headline(text, _phrase(result, data), _refs(rows, edges))


def _denial_headline(counted: pd.DataFrame, data: ReportData, rows: pd.DataFrame,
                     ids: dict[str, str]) -> Headline | None:
    pairs = _pairs(_gov_matrix(counted, "deny"))
    if not pairs:
        return None
    parts = [f"{_name(s)} rejects claims by {_name(t)} in {plural(n, 'sentence')}" for s, t, n in pairs]
    s, t, _ = pairs[0]
    text = f"The main denials: {'; '.join(parts)}."
    result = leave_one_article_out(counted, _top_denial)
    return Headline(text, f"'{_name(s)} denies {_name(t)} most' {_phrase(result, data)}",
                    _refs(rows, [(ids[a], ids[b], "deny") for a, b, _ in pairs]))


def _frame_headline(counted: pd.DataFrame, data: ReportData) -> Headline | None:
    frames = _frames(counted)
    if not frames:
        return None
    labels = topic_group_labels()
    parts = [f"{_name(b)} mostly for {labels.get(g, g).lower()}" for b, g in frames]
    text = f"What each government blames the others for (topics of its accusations): {'; '.join(parts)}."
    result = leave_one_article_out(counted, _frames)
    return Headline(text, _phrase(result, data), section="Framing")


def _reciprocity_headline(counted: pd.DataFrame, data: ReportData, rows: pd.DataFrame,
                          ids: dict[str, str]) -> Headline | None:
    matrix = _gov_matrix(counted, "accuse")
    mutual = sorted(_mutual_pairs(counted))
    one_way = [(a, b) for a in GOVERNMENT_BLOCS for b in GOVERNMENT_BLOCS if a < b and (a, b) not in mutual
               and (matrix.loc[a, b] > 0) != (matrix.loc[b, a] > 0)]
    if not mutual and not one_way:
        return None
    parts = [f"{_name(a)} and {_name(b)} accuse each other ({int(matrix.loc[a, b])} and "
             f"{int(matrix.loc[b, a])} sentences)" for a, b in mutual]
    for a, b in one_way:
        s, t = (a, b) if matrix.loc[a, b] > 0 else (b, a)
        parts.append(f"{_name(s)} accuses {_name(t)} ({int(matrix.loc[s, t])}), but {_name(t)} answers "
                     f"with denials rather than accusations" if _gov_matrix(counted, "deny").loc[t, s] else
                     f"{_name(s)} accuses {_name(t)} ({int(matrix.loc[s, t])}) without a return")
    result = leave_one_article_out(counted, _mutual_pairs)
    edges = [e for a, b in mutual for e in ((ids[a], ids[b], "accuse"), (ids[b], ids[a], "accuse"))]
    return Headline(f"Reciprocity (whether the accused blames back): {'; '.join(parts)}.",
                    _phrase(result, data), _refs(rows, edges, 1),
                    section="Reciprocity and deflection")


def _generic_headline(data: ReportData) -> Headline | None:
    events = generic_mutual_sentences(data.statements)
    if events.empty:
        return None
    with_all = int(_off_diagonal(_gov_matrix(data.statements, "accuse")).to_numpy().sum())
    counted = without_generic_mutual(data.statements)
    without = int(_off_diagonal(_gov_matrix(counted, "accuse")).to_numpy().sum())
    outlets = data.articles.set_index("article_id")["outlet"].to_dict()
    where = sorted({outlets.get(a, a) for a in events["article_id"]})
    text = (f"{plural(len(events), 'sentence')} only say that the governments blame each other (such as "
            f"“{events['evidence'].iloc[0]}”); each counts once as a mutual event, so the government "
            f"accusations above total {without:,} sentences, not the {with_all:,} their pairwise rows "
            "would give.")
    return Headline(text, f"from {plural(events['article_id'].nunique(), 'article')} ({', '.join(where)})",
                    section="Reciprocity and deflection")


def _narrator_headline(counted: pd.DataFrame, data: ReportData, rows: pd.DataFrame,
                       ids: dict[str, str]) -> Headline | None:
    top = _top_narrated(counted)
    if not top:
        return None
    narr = counted[(counted["voice"] == "narrator") & (counted["speaker_bloc"] == "MEDIA")
                   & (counted["relation"] == "accuse")]
    outlets = data.articles.set_index("article_id")["outlet"].to_dict()
    mine = narr[narr["target_bloc"] == top]
    by_outlet = pd.Series({o: count_sentences(g) for o, g in mine.groupby(mine["article_id"].map(outlets))})
    parts = ", ".join(f"{o} {int(by_outlet[o])}" for o in _ranked(by_outlet))
    text = (f"In their own voice the outlets blame {_name(top)} most: "
            f"{plural(count_sentences(mine), 'sentence')} "
            f"({parts}).")
    result = leave_one_article_out(counted, _top_narrated)
    speakers = sorted(set(mine["speaker"]))
    return Headline(text, _phrase(result, data), _refs(rows, [(o, ids[top], "accuse") for o in speakers]),
                    section="Narrator and quoted voices by outlet")


def divergent_quantities(claims: pd.DataFrame, articles: pd.DataFrame) -> tuple[str, ...]:
    """Return the quantities whose figures, cited by several outlets, disagree or differ in scope/period."""
    kept = claims[claims["article_id"].isin(set(articles["article_id"]))]
    compared = compare_claims(kept, articles)
    bad = compared[compared["status"].isin(["disagrees", "differs in scope/period"])
                   & (compared["n_outlets"] > 1)]
    return tuple(sorted(set(bad["quantity"])))


def count_divergent_groups(claims: pd.DataFrame, articles: pd.DataFrame) -> int:
    """Count quantity groups cited by several outlets whose figures disagree or differ in scope or period."""
    kept = claims[claims["article_id"].isin(set(articles["article_id"]))]
    compared = compare_claims(kept, articles)
    divergent = compared[compared["status"].isin(["disagrees", "differs in scope/period"])
                         & (compared["n_outlets"] > 1)]
    return int(divergent.drop_duplicates(["quantity", "unit", "measure"]).shape[0]) if len(divergent) else 0


def _figure(row: object) -> str:
    qualifiers = ", ".join(x for x in (row.scope, row.period) if x)
    return f"{row.outlet} {row.evidence}" + (f" ({qualifiers})" if qualifiers else "")


def _facts_headline(data: ReportData) -> Headline | None:
    compared = compare_claims(data.claims, data.articles)
    shared = compared[compared["n_outlets"] > 1]
    if shared.empty:
        return None
    parts = []
    for status, verb in (("disagrees", "disagree"), ("differs in scope/period", "differ in scope or period")):
        chosen = shared[shared["status"] == status]
        for (quantity, _, _), group in chosen.groupby(["quantity", "unit", "measure"]):
            parts.append(f"on {quantity.replace('_', ' ')} the figures {verb}: "
                         + "; ".join(_figure(r) for r in group.head(5).itertuples()))
    agreeing = shared[shared["status"] == "consistent"]
    for (quantity, _, _), group in agreeing.groupby(["quantity", "unit", "measure"]):
        parts.append(f"on {quantity.replace('_', ' ')} {plural(group['outlet'].nunique(), 'outlet')} agree "
                     f"({'; '.join(_figure(r) for r in group.head(4).itertuples())})")
    text = "Facts the outlets cite: " + "; and ".join(parts) + "."
    result = leave_one_article_out(data.claims, lambda c: divergent_quantities(c, data.articles))
    return Headline(text, f"the list of divergent quantities {_phrase(result, data)}",
                    section="Fact divergence")


def story(data: ReportData) -> list[Headline]:
    """Return the summary's headlines: the blame story first, each with robustness and evidence."""
    counted = without_generic_mutual(data.statements)
    evidence = outlet_voices(full_evidence(counted, data.articles, data.ontology, data.level))
    rows, _ = evidence_rows(evidence, data.ontology)
    ids = {b: data.ontology.roll_up(b.lower(), data.level) if data.level == "bloc" else b.lower()
           for b in ("US", "MX", "CN", "CARTELS", "SUPPLIERS", "INTL", "MEDIA")}
    found = [
        _accusation_headline(counted, data, rows, ids), _accused_headline(counted, data, rows, ids),
        _denial_headline(counted, data, rows, ids), _frame_headline(counted, data),
        _reciprocity_headline(counted, data, rows, ids), _generic_headline(data),
        _narrator_headline(counted, data, rows, ids), _facts_headline(data),
    ]
    return [h for h in found if h is not None]


def headline_findings(data: ReportData) -> list[str]:
    """Return the headlines as plain sentences (the summary's text, for tests and other outputs)."""
    return [repr(h) for h in story(data)]
