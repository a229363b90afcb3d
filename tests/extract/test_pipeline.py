"""The pipeline: registered components, declared reads and writes, model metadata, no rdflib."""

from __future__ import annotations

import ast
from pathlib import Path

from spacy.language import Language

from diplokg.extract import COMPONENTS, extract_articles, model_description
from diplokg.records import Article

EXTRACT = Path(__file__).resolve().parents[2] / "extract"


def test_components_in_order(nlp: Language) -> None:
    names = nlp.pipe_names
    assert names.index("dip_lines") < names.index("parser")
    assert [n for n in names if n in COMPONENTS] == list(COMPONENTS)
    assert names.index("ner") < names.index("dip_actors")


def test_analyze_pipes_has_no_problems(nlp: Language) -> None:
    analysis = nlp.analyze_pipes()
    assert all(not problems for problems in analysis["problems"].values()), analysis["problems"]


def test_model_description_names_the_official_model(nlp: Language) -> None:
    text = model_description(nlp)
    assert text.startswith("en_core_web_sm 3.8")


def test_extract_never_imports_rdflib() -> None:
    offenders = []
    for path in EXTRACT.rglob("*.py"):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            names = []
            if isinstance(node, ast.Import):
                names = [alias.name for alias in node.names]
            elif isinstance(node, ast.ImportFrom) and node.module:
                names = [node.module]
            offenders += [(path.name, n) for n in names if n.split(".")[0] in ("rdflib", "pyoxigraph")]
    assert offenders == []


def test_extractions_stream_in_input_order_and_are_deterministic(nlp: Language) -> None:
    articles = [Article(id=str(i), text=f"Germany condemned the attack. Talk number {i}.") for i in range(5)]
    first = list(extract_articles(articles, nlp=nlp, batch_size=2))
    second = list(extract_articles(articles, nlp=nlp, batch_size=3))
    assert [e.article.id for e in first] == [str(i) for i in range(5)]
    assert first == second


def test_sentence_offsets_point_into_the_article_text(extract) -> None:
    text = "Journalist ID: 5745\nNews ID: 85770393\n\nThe minister arrived in Paris.\nFrance welcomed him.\n\nYour Comment\n"
    ex = extract(text)
    assert [s.text for s in ex.sentences] == ["The minister arrived in Paris.", "France welcomed him."]
    for s in ex.sentences:
        assert text[s.start:s.end] == s.text
