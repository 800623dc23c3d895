"""``summarise report``: who stands where across a batch, as HTML, Markdown or JSON."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Annotated, Literal, get_args

import typer

from summarizer.commands.options import DebugOpt, fail

__all__ = ["register"]

ReportFormat = Literal["html", "markdown", "json"]
REPORT_FORMATS: tuple[str, ...] = get_args(ReportFormat)


def report(
    batch: Annotated[
        Path,
        typer.Argument(
            metavar="BATCH", help="The JSONL file 'summarise batch' wrote.", show_default=False
        ),
    ],
    output: Annotated[
        Path | None,
        typer.Option(
            "--output",
            "-o",
            help="Write here instead of standard output. For html, the annotated page of "
            "each article whose text is found goes in <name>_articles/ beside it.",
            show_default=False,
        ),
    ] = None,
    fmt: Annotated[
        ReportFormat | None,
        typer.Option(
            "--format",
            "-f",
            help="html (the page), markdown, or json (the data behind the page); any case "
            "[default: from the -o extension (.md, .markdown, .json), else html].",
            show_default=False,
            case_sensitive=False,
        ),
    ] = None,
    articles: Annotated[
        list[str] | None,
        typer.Option(
            "--articles",
            "-a",
            help="The batch's inputs again (files, directories, JSONL records; repeat -a for "
            "several), to find each article's text for its annotated page. Without it, a "
            "file input's source.path is read if it still exists; else the article is shown "
            "as spans only.",
            show_default=False,
            metavar="INPUT",
        ),
    ] = None,
    glob: Annotated[
        str, typer.Option("--glob", help="Which files of an --articles directory are articles.")
    ] = "*.txt",
    max_targets: Annotated[
        int,
        typer.Option("--max-targets", help="Matrix columns: the targets most actors hold."),
    ] = 20,
    threshold: Annotated[
        float,
        typer.Option(
            "--target-threshold",
            help="Fuzzy grouping of targets: minimum rapidfuzz token_set_ratio, 0-100. At 100 "
            "a wording still joins one whose words include all of its own.",
        ),
    ] = 90.0,
    debug: DebugOpt = False,
) -> None:
    """Who stands where across a batch: merged actors, grouped targets, a stance matrix
    linking to the evidence, the most-quoted speakers, and an annotated page per article."""
    from summarizer.config import NumberRange, check_number
    from summarizer.errors import NothingToDoError
    from summarizer.views.batch_file import read_batch
    from summarizer.views.report import build_report
    from summarizer.views.report_views import plan_pages, report_html, report_markdown
    from summarizer.views.write import write_files

    try:
        chosen = fmt or _format_from(output)
        check_number("--target-threshold", threshold, NumberRange(float, 0, 100))
        check_number("--max-targets", max_targets, NumberRange(int, 1, 1000))
        data = read_batch(batch, articles or (), glob)
        if not data.articles:
            raise NothingToDoError(
                f"{batch}: holds no batch lines; run 'summarise batch ... -o {batch}' first"
            )
        built = build_report(data, threshold)
        pages = {}
        if chosen == "html" and output is not None:
            pages = plan_pages(built, data, output).pages
        if chosen == "json":
            rendered = built.model_dump_json(indent=2) + "\n"
        elif chosen == "markdown":
            rendered = report_markdown(built, max_targets=max_targets)
        else:
            rendered = report_html(built, max_targets=max_targets)
        if output is None:
            sys.stdout.write(rendered)
        else:
            write_files({**pages, output: rendered})
            found = sum(1 for a in built.articles if a.page)
            if chosen == "html":
                typer.echo(
                    f"summarise report: {output} and {found} article page(s) in "
                    f"{output.stem}_articles/",
                    err=True,
                )
    except typer.Exit:
        raise
    except Exception as error:
        fail(error, debug=debug)


def _format_from(output: Path | None) -> str:
    """The format the -o extension implies among the report's, else html."""
    from summarizer.render import EXTENSION_FORMATS

    implied = EXTENSION_FORMATS.get(output.suffix.lower()) if output is not None else None
    return implied if implied in REPORT_FORMATS else "html"


def register(app: typer.Typer) -> None:
    """Add ``report`` to ``app``."""
    app.command("report")(report)
