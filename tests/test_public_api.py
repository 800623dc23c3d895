"""The public facade: what ``summarizer`` exports is deliberate."""

from __future__ import annotations

import summarizer

EXPECTED = {
    "SCHEMA_VERSION",
    "Actor",
    "Article",
    "BusyError",
    "ConfigError",
    "Document",
    "FetchError",
    "FetchOptions",
    "InputError",
    "Meta",
    "NothingToDoError",
    "OutputError",
    "ProviderError",
    "Quote",
    "QuoteCandidate",
    "Sentence",
    "Settings",
    "Source",
    "Span",
    "Stance",
    "StorageError",
    "SummarizerError",
    "Summary",
    "Usage",
    "__version__",
    "asummarise",
    "asummarise_url",
    "decode_article",
    "extract_article",
    "parse_document",
    "read_article",
    "resolve_settings",
    "summarise",
    "summarise_html",
    "summarise_url",
}


def test_all_is_exactly_the_public_api() -> None:
    assert set(summarizer.__all__) == EXPECTED
    for name in summarizer.__all__:
        assert hasattr(summarizer, name), name


TESTING = set(
    "FakeOpenAI RecordedRequest Responder Scripted UnexpectedRequest chat_completion "
    "summary_completion tool_call_completion".split()
)


def test_the_test_double_is_a_public_module_of_its_own() -> None:
    """``summarizer.testing`` is imported by users' tests, never re-exported by the
    package (importing ``summarizer`` does not load it)."""
    import subprocess
    import sys

    import summarizer.testing

    assert set(summarizer.testing.__all__) == TESTING
    for name in summarizer.testing.__all__:
        assert hasattr(summarizer.testing, name), name
    assert not TESTING & set(summarizer.__all__)
    loaded = subprocess.run(
        [
            sys.executable,
            "-c",
            "import summarizer, sys; print('summarizer.testing' in sys.modules)",
        ],
        capture_output=True,
        text=True,
        check=True,
    )
    assert loaded.stdout.strip() == "False"


def test_error_hierarchy_and_exit_codes() -> None:
    base = summarizer.SummarizerError
    codes = {
        summarizer.ConfigError: 2,
        summarizer.InputError: 2,
        summarizer.ProviderError: 3,
        summarizer.OutputError: 4,
        summarizer.StorageError: 7,
        summarizer.NothingToDoError: 8,
        summarizer.BusyError: 9,
        summarizer.FetchError: 10,
    }
    for cls, code in codes.items():
        assert issubclass(cls, base)
        assert cls.exit_code == code


def test_summary_schema_keeps_the_contract_fields() -> None:
    schema = summarizer.Summary.model_json_schema()
    assert set(schema["properties"]) >= {
        "schema_version",
        "title",
        "summary",
        "key_points",
        "published",
        "actors",
        "quotes",
        "stances",
        "meta",
    }
    meta = summarizer.Meta.model_json_schema()["properties"]
    assert set(meta) >= {
        "engine",
        "model",
        "prompt_version",
        "attempts",
        "usage",
        "latency_s",
        "warnings",
    }


def test_every_error_class_is_drawn_in_the_errors_module() -> None:
    """One tree, in one place: the errors module's docstring names every class in it."""
    import inspect

    from summarizer import errors

    classes = [
        obj
        for obj in vars(errors).values()
        if inspect.isclass(obj) and issubclass(obj, errors.SummarizerError)
    ]
    assert {cls.__name__ for cls in classes} >= {"FixtureError", "CassetteMiss", "StorageError"}
    for cls in classes:
        assert cls.__name__ in (errors.__doc__ or ""), cls.__name__
    assert issubclass(errors.FixtureError, errors.InputError)
    assert issubclass(errors.CassetteMiss, errors.ProviderError)
