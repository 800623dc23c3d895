"""``summarise report``: merging actors, grouping targets, the matrix and its files."""

from __future__ import annotations

import json
import random
import re
from pathlib import Path

import pytest
from typer.testing import CliRunner

from summarizer.cli import app
from summarizer.views.merge import ActorRef, fold_target, group_targets, merge_actors
from summarizer.views.report import Report
from tests.conftest import FIXTURES

runner = CliRunner()
DEV = ("dev-01-port-strike", "dev-05-climate-summit", "dev-12-adriatic-fishing-row")


def test_actors_merge_by_name_and_alias_ignoring_case_accents_and_titles() -> None:
    refs = [
        ActorRef(1, "President Ebrahim Raisi", "person"),
        ActorRef(2, "Ebrahim Raisi", "person", ("Raisi",)),
        ActorRef(3, "RAISI", "person"),
        ActorRef(4, "Mojca Žagar", "person"),
        ActorRef(5, "Foreign Minister Mojca Zagar", "person"),
        ActorRef(6, "Harbour Union", "organization", ("the union",)),
        ActorRef(7, "Teachers Union", "organization", ("the union",)),
        ActorRef(8, "Foreign Ministry", "organization"),
        ActorRef(9, "Ministry", "organization"),
        ActorRef(10, "Iran", "government", ("Tehran",)),
        ActorRef(11, "Tehran", "government"),
    ]
    merged, index = merge_actors(refs)
    assert index[0] == index[1] == index[2]
    assert index[3] == index[4]
    assert index[5] != index[6]  # alias to alias ("the union") never merges
    assert index[7] != index[8]  # titles are stripped from people only
    assert index[9] == index[10]
    raisi = merged[index[0]]
    assert raisi.name == "President Ebrahim Raisi" or raisi.name == "Ebrahim Raisi"
    assert len(raisi.reasons) == 2 and any("alias 'Raisi'" in r for r in raisi.reasons)
    assert len(merged) == 7


def test_targets_group_by_folded_text_and_fuzzy_match() -> None:
    targets = [
        "the strike",
        "Strike",
        "suspending the strike",
        "independent arbitration",
        "arbitration",
        "the port authority's 3.5% pay offer",
        "port authority’s 3.5 per cent pay offer",
        "cut",
        "central bank to cut interest rates",
    ]
    groups, index = group_targets(targets)
    assert index["the strike"] == index["Strike"]
    assert index["suspending the strike"] != index["the strike"]
    assert index["arbitration"] == index["independent arbitration"]
    assert (
        index["the port authority's 3.5% pay offer"]
        == index["port authority’s 3.5 per cent pay offer"]
    )
    assert (
        fold_target("port authority’s 3.5 per cent pay offer")
        == "port authority 3.5 percent pay offer"
    )
    assert index["cut"] != index["central bank to cut interest rates"]
    assert len(groups) == 6
    shuffled = targets[:]
    random.Random(7).shuffle(shuffled)
    again, _index_again = group_targets(shuffled)
    assert [[v.folded for v in g.variants] for g in again] == [
        [v.folded for v in g.variants] for g in groups
    ]
    # a threshold of 100 still groups subsets (token_set_ratio 100) but 101 groups nothing fuzzy
    _strict, strict_index = group_targets(targets, threshold=101)
    assert strict_index["arbitration"] != strict_index["independent arbitration"]


def _fixture_records(names: tuple[str, ...]) -> list[dict[str, object]]:
    records = []
    for name in names:
        data = json.loads((FIXTURES / f"{name}.json").read_text(encoding="utf-8"))
        records.append({"id": data["id"], "text": data["text"], "title": data["source"]["title"]})
    return records


@pytest.fixture(scope="module")
def dev_batch(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    """A real offline batch over three dev fixtures: (records JSONL, batch output)."""
    folder = tmp_path_factory.mktemp("batch")
    records = folder / "articles.jsonl"
    lines = [json.dumps(r) for r in _fixture_records(DEV)]
    lines.append(json.dumps({"id": "broken", "text": ""}))
    records.write_text("\n".join(lines) + "\n", encoding="utf-8")
    out = folder / "out.jsonl"
    result = runner.invoke(
        app,
        ["batch", str(records), "-o", str(out), "--engine", "offline", "--workers", "1", "-q"],
    )
    assert out.exists(), result.output
    return records, out


def test_html_report_links_pages_and_evidence(dev_batch: tuple[Path, Path], tmp_path: Path) -> None:
    records, out = dev_batch
    report = tmp_path / "report.html"
    result = runner.invoke(app, ["report", str(out), "--articles", str(records), "-o", str(report)])
    assert result.exit_code == 0, result.output
    page = report.read_text(encoding="utf-8")
    pages = sorted((tmp_path / "report_articles").glob("*.html"))
    assert len(pages) == 3
    links = set(re.findall(r'href="(report_articles/[^"#]+)(?:#([^"]+))?"', page))
    assert {Path(link).name for link, _ in links} == {p.name for p in pages}
    anchors = [(link, anchor) for link, anchor in links if anchor]
    assert anchors
    for link, anchor in anchors:
        target = (tmp_path / link).read_text(encoding="utf-8")
        assert f'id="{anchor}"' in target
    for cell in re.findall(r'href="#(cell-[^"]+)"', page):
        assert f'id="{cell}"' in page
    assert "error:" in page and "broken" in page  # the failed article is listed
    assert 'href="../report.html"' in pages[0].read_text(encoding="utf-8")


def test_json_report_is_the_data(dev_batch: tuple[Path, Path], tmp_path: Path) -> None:
    _records, out = dev_batch
    result = runner.invoke(app, ["report", str(out), "-o", str(tmp_path / "r.json")])
    assert result.exit_code == 0, result.output
    report = Report.model_validate_json((tmp_path / "r.json").read_text(encoding="utf-8"))
    batch_lines = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
    stances = sum(len(line["summary"]["stances"]) for line in batch_lines if "summary" in line)
    assert len(report.stances) == stances
    assert sorted(n for cell in report.matrix for n in cell.stances) == list(range(stances))
    assert [a.status for a in report.articles].count("error") == 1
    # no --articles and no source.path: no pages, but the evidence is still there
    assert all(a.page is None and a.text_from is None for a in report.articles)
    assert all(e.text for s in report.stances for e in s.evidence)


def test_markdown_report(dev_batch: tuple[Path, Path]) -> None:
    _, out = dev_batch
    result = runner.invoke(app, ["report", str(out), "--format", "markdown"])
    assert result.exit_code == 0, result.output
    assert "## Stance matrix" in result.stdout and "## Most quoted" in result.stdout


def test_text_found_by_source_path_and_checked(tmp_path: Path) -> None:
    folder = tmp_path / "articles"
    folder.mkdir()
    for record in _fixture_records(DEV[:2]):
        (folder / f"{record['id']}.txt").write_text(str(record["text"]), encoding="utf-8")
    out = tmp_path / "out.jsonl"
    runner.invoke(
        app, ["batch", str(folder), "-o", str(out), "--engine", "offline", "--workers", "1", "-q"]
    )
    # the second article changed after the batch: its spans no longer match
    changed = folder / f"{DEV[1]}.txt"
    changed.write_text("Edited. " + changed.read_text(encoding="utf-8"), encoding="utf-8")
    result = runner.invoke(app, ["report", str(out), "--format", "json"])
    assert result.exit_code == 0, result.output
    report = Report.model_validate_json(result.stdout)
    found = {a.id: a.text_from for a in report.articles}
    assert found[str(folder / f"{DEV[0]}.txt")] is not None
    assert found[str(folder / f"{DEV[1]}.txt")] is None
    assert any("does not match" in w for w in report.warnings)


def test_source_urls_are_links_only_when_http(tmp_path: Path) -> None:
    record = _fixture_records(DEV[:1])[0]
    out = tmp_path / "out.jsonl"
    from summarizer import summarise

    summary = summarise(str(record["text"]), engine="offline").model_dump(mode="json")
    lines = [
        {
            "id": "a",
            "source": {"url": "javascript:alert(1)"},
            "summary": summary,
            "text": record["text"],
        },
        {
            "id": "b",
            "source": {"url": "https://example.org/b"},
            "summary": summary,
            "text": record["text"],
        },
    ]
    out.write_text("".join(json.dumps(line) + "\n" for line in lines), encoding="utf-8")
    result = runner.invoke(app, ["report", str(out), "-o", str(tmp_path / "r.html")])
    assert result.exit_code == 0, result.output
    page_a, page_b = sorted((tmp_path / "r_articles").glob("*.html"))
    assert 'href="javascript' not in page_a.read_text(encoding="utf-8")
    assert "javascript:alert(1)" in page_a.read_text(encoding="utf-8")  # shown as text
    assert 'href="https://example.org/b" rel="noopener noreferrer"' in page_b.read_text(
        encoding="utf-8"
    )


def test_a_batch_of_errors_only_still_reports(tmp_path: Path) -> None:
    out = tmp_path / "out.jsonl"
    line = {"id": "x", "source": {}, "error": {"type": "InputError", "message": "empty"}}
    out.write_text(json.dumps(line) + "\n" + '{"id": "half', encoding="utf-8")
    for fmt in ("markdown", "html", "json"):
        result = runner.invoke(app, ["report", str(out), "--format", fmt])
        assert result.exit_code == 0, result.output
        assert "InputError: empty" in result.stdout
    assert (
        "No stances in this batch."
        in runner.invoke(app, ["report", str(out), "-f", "markdown"]).stdout
    )
    report = Report.model_validate_json(
        runner.invoke(app, ["report", str(out), "-f", "json"]).stdout
    )
    assert report.matrix == [] and len(report.warnings) == 1  # the half-written line


def _error_line(stderr: str) -> str:
    lines = [line for line in stderr.splitlines() if line.strip()]
    assert len(lines) == 1 and lines[0].startswith("error:"), stderr
    return lines[0]


def test_usage_errors(tmp_path: Path, dev_batch: tuple[Path, Path]) -> None:
    result = runner.invoke(app, ["report", str(tmp_path / "nope.jsonl")])
    assert result.exit_code == 2 and "no such file" in _error_line(result.stderr)
    empty = tmp_path / "empty.jsonl"
    empty.write_text("", encoding="utf-8")
    result = runner.invoke(app, ["report", str(empty)])
    assert result.exit_code == 8 and "no batch lines" in _error_line(result.stderr)
    result = runner.invoke(app, ["report", str(dev_batch[1]), "--format", "pdf"])
    assert result.exit_code == 2 and "--format" in _error_line(result.stderr)
    blocked = tmp_path / "file"
    blocked.write_text("", encoding="utf-8")
    result = runner.invoke(app, ["report", str(dev_batch[1]), "-o", str(blocked / "r.html")])
    assert result.exit_code == 7 and "cannot write" in _error_line(result.stderr)
