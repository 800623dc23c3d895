"""What the engine asks a server for (issue 12, found on a real llama.cpp server): the
one tool forced with a string ``tool_choice``, a default output cap sized to the article,
one re-ask budget per article, and a JSON schema that carries the contract's counts while
staying within OpenAI's strict-mode subset."""

from __future__ import annotations

import json
from typing import Any

import instructor
import openai
import pytest

from summarizer import parse_document, retry, summarise
from summarizer.errors import OutputError
from summarizer.llm.engine import STRUCTURED_SUMMARY
from summarizer.llm.output_cap import (
    CEILING_TOKENS,
    FLOOR_TOKENS,
    default_max_tokens,
)
from summarizer.llm.prompt import build_messages
from tests import test_llm_engine
from tests.openai_server import (
    FakeOpenAI,
    RecordedRequest,
    Scripted,
    chat_completion,
    tool_call_completion,
)
from tests.test_llm_engine import KEY, TOOL, llm_options, seed_answer, tool_answer

shared_server = test_llm_engine.shared_server
openai_server = test_llm_engine.openai_server


@pytest.fixture(autouse=True)
def _tiny_backoff(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(retry.BACKOFF, "initial", 0.001)
    monkeypatch.setattr(retry.BACKOFF, "maximum", 0.005)


# --- tools mode: the one tool is forced with a string tool_choice -----------------------


def _server_like(kind: str) -> Any:
    """A responder that honours ``tool_choice`` the way ``kind`` does. llama.cpp's server
    takes only a string there ("Wrong type supplied for parameter 'tool_choice'" for an
    object, then "auto"), and a small model left to "auto" answers in free text; OpenAI
    and vLLM also take the object that names the function."""

    def answer(request: RecordedRequest) -> Scripted:
        assert request.body is not None
        choice = request.body.get("tool_choice")
        forced = choice == "required" or (kind == "openai" and isinstance(choice, dict))
        if forced and len(request.body.get("tools", [])) == 1:
            return Scripted(body=tool_answer(seed_answer()))
        return Scripted(body=chat_completion("Here is a summary of the article: ..."))

    return answer


@pytest.mark.parametrize("kind", ["llama.cpp", "openai"])
def test_tools_mode_is_enforced_on_both_kinds_of_server(
    openai_server: FakeOpenAI, seed_text: str, kind: str
) -> None:
    openai_server.responder = _server_like(kind)

    summary = summarise(seed_text, **llm_options(openai_server))

    assert summary.meta.attempts == 1 and len(summary.quotes) == 7
    (request,) = openai_server.chat_requests
    assert request.body is not None and request.body["tool_choice"] == "required"
    assert [tool["function"]["name"] for tool in request.body["tools"]] == [TOOL]


def test_instructors_reask_keeps_the_string_tool_choice(
    openai_server: FakeOpenAI, seed_text: str
) -> None:
    openai_server.push(tool_answer('{"title": "unfinished'), tool_answer(seed_answer()))

    summary = summarise(seed_text, **llm_options(openai_server))

    assert summary.meta.attempts == 2
    first, reask = openai_server.chat_requests
    assert first.body is not None and reask.body is not None
    assert len(reask.body["messages"]) > len(first.body["messages"])  # instructor's re-ask
    assert first.body["tool_choice"] == reask.body["tool_choice"] == "required"


def test_instructors_own_object_tool_choice_is_free_text_on_llama_cpp(
    openai_server: FakeOpenAI, seed_text: str
) -> None:
    """Why the engine overrides it: the object shape instructor sends by itself is what
    llama.cpp ignores (the other shape of the test above)."""
    openai_server.responder = _server_like("llama.cpp")
    document = parse_document(seed_text)

    with openai.OpenAI(base_url=openai_server.base_url, api_key=KEY, max_retries=0) as client:
        try:
            plain: Any = instructor.from_openai(client, mode=instructor.Mode.TOOLS)
            plain.create(
                response_model=STRUCTURED_SUMMARY,
                messages=build_messages(document),
                model="m",
                max_retries=0,
            )
        except Exception as error:  # instructor exports no exception type of its own
            failure: Exception | None = error
        else:
            failure = None
    assert failure is not None  # free text is no tool call

    (request,) = openai_server.chat_requests
    assert request.body is not None
    assert request.body["tool_choice"] == {"type": "function", "function": {"name": TOOL}}


@pytest.mark.parametrize("mode", ["json_schema", "md_json"])
def test_the_json_modes_send_no_tool_choice(
    openai_server: FakeOpenAI, seed_text: str, mode: str
) -> None:
    openai_server.push(chat_completion(json.dumps(seed_answer())))

    summarise(seed_text, mode=mode, **llm_options(openai_server))

    body = openai_server.chat_requests[0].body
    assert body is not None and "tool_choice" not in body and "tools" not in body


# --- the default output cap -------------------------------------------------------------


def test_the_default_cap_grows_with_the_article_within_a_floor_and_a_ceiling(
    seed_text: str,
) -> None:
    short = parse_document('The council met. "We agree," she said.')
    seed = parse_document(seed_text)
    quotes = " ".join(f'"Quote number {n} is here," he said.' for n in range(200))

    assert default_max_tokens(short) == FLOOR_TOKENS == 1000
    assert default_max_tokens(seed) == 600 + 40 * 7 + 8 * 16
    assert default_max_tokens(parse_document(quotes)) == CEILING_TOKENS == 4000


def test_the_cap_is_sent_on_every_request_and_max_tokens_overrides_it(
    openai_server: FakeOpenAI, seed_text: str
) -> None:
    cut = tool_call_completion(TOOL, seed_answer(), finish_reason="length")
    openai_server.push(cut, tool_answer(seed_answer()), tool_answer(seed_answer()))

    summarise(seed_text, **llm_options(openai_server))
    summarise(seed_text, max_tokens=321, **llm_options(openai_server))

    caps = [request.body["max_tokens"] for request in openai_server.chat_requests]
    assert caps == [1008, 1008, 321]  # the shorter re-ask keeps the cap and names it
    note = openai_server.chat_requests[1].body["messages"][-1]["content"]
    assert "(1008 tokens)" in note


# --- one budget per article ---------------------------------------------------------------


def _invalid() -> dict[str, Any]:
    return tool_answer('{"title": "unfinished')  # not JSON: re-asked, then exit 4


def test_cut_off_and_invalid_answers_share_one_budget(
    openai_server: FakeOpenAI, seed_text: str
) -> None:
    """--max-retries 2: three answers in all, whatever their faults (issue 12: a cut-off
    answer's re-ask started a fresh instructor budget, up to 9 calls an article)."""
    cut = tool_call_completion(TOOL, seed_answer(), finish_reason="length")
    openai_server.responder = lambda request: Scripted(body=_invalid())
    openai_server.push(cut)

    with pytest.raises(OutputError) as caught:
        summarise(seed_text, max_retries=2, **llm_options(openai_server))

    assert len(openai_server.chat_requests) == 3
    assert caught.value.attempts == 3 and caught.value.exit_code == 4


@pytest.mark.parametrize("max_retries", [0, 1, 2, 3])
def test_the_budget_holds_for_any_order_of_faults(
    openai_server: FakeOpenAI, seed_text: str, max_retries: int
) -> None:
    cut = tool_call_completion(TOOL, seed_answer(), finish_reason="length")
    answers = iter([_invalid(), cut, _invalid(), cut, cut, _invalid(), cut, _invalid()])
    openai_server.responder = lambda request: Scripted(body=next(answers))

    with pytest.raises(OutputError):
        summarise(seed_text, max_retries=max_retries, **llm_options(openai_server))

    assert len(openai_server.chat_requests) == max_retries + 1


def test_transient_retries_are_counted_apart_from_the_budget(
    openai_server: FakeOpenAI, seed_text: str
) -> None:
    """A 503 is retried by the transport and is not an answer: --max-retries 1 still
    allows two answers; meta.attempts (HTTP requests) counts the retry too."""
    busy = Scripted(status=503, body={"error": {"message": "busy"}})
    openai_server.push(busy, _invalid(), busy, _invalid())

    with pytest.raises(OutputError) as caught:
        summarise(seed_text, max_retries=1, **llm_options(openai_server))

    statuses = len(openai_server.chat_requests)
    assert statuses == 4 and caught.value.attempts == 4  # 2 answers + 2 transient retries


# --- the schema the model sees --------------------------------------------------------

_STRICT_UNSUPPORTED = {
    "allOf",
    "not",
    "if",
    "then",
    "else",
    "dependentRequired",
    "dependentSchemas",
    "patternProperties",
    "unevaluatedProperties",
    "unevaluatedItems",
    "propertyNames",
    "minProperties",
    "maxProperties",
    "uniqueItems",
    "contains",
    "minContains",
    "maxContains",
    "default",
}
"""Keywords OpenAI's strict mode rejects (its Structured Outputs guide, "Supported
schemas"; minItems/maxItems/minLength/maxLength are supported except for fine-tuned
models)."""


def strict_mode_problems(schema: Any, where: str = "$") -> list[str]:
    """Where ``schema`` breaks OpenAI's strict-mode rules: every object closed
    (``additionalProperties: false``) with all its properties required, no unsupported
    keyword, and no more than 5 levels of nesting."""
    problems: list[str] = []
    if isinstance(schema, dict):
        for keyword in _STRICT_UNSUPPORTED & set(schema):
            problems.append(f"{where}: {keyword} is not supported")
        if schema.get("type") == "object" or "properties" in schema:
            if schema.get("additionalProperties") is not False:
                problems.append(f"{where}: additionalProperties is not false")
            if set(schema.get("required", [])) != set(schema.get("properties", {})):
                problems.append(f"{where}: not every property is required")
        for key, value in schema.items():
            if key in ("properties", "$defs"):
                for name, inner in value.items():
                    problems += strict_mode_problems(inner, f"{where}.{key}.{name}")
            elif key in ("items", "anyOf"):
                for n, inner in enumerate(value if isinstance(value, list) else [value]):
                    problems += strict_mode_problems(inner, f"{where}.{key}[{n}]")
    return problems


def test_the_strict_mode_checker_finds_what_openai_rejects() -> None:
    loose = {
        "type": "object",
        "properties": {"a": {"type": "string"}, "b": {"type": "array", "uniqueItems": True}},
        "required": ["a"],
    }
    assert strict_mode_problems(loose) == [
        "$: additionalProperties is not false",
        "$: not every property is required",
        "$.properties.b: uniqueItems is not supported",
    ]


@pytest.mark.parametrize("mode", ["tools", "json_schema"])
def test_the_schema_sent_carries_the_counts_and_fits_strict_mode(
    openai_server: FakeOpenAI, seed_text: str, mode: str
) -> None:
    answer = json.dumps(seed_answer())
    openai_server.push(tool_answer(seed_answer()) if mode == "tools" else chat_completion(answer))

    summarise(seed_text, mode=mode, **llm_options(openai_server))

    body = openai_server.chat_requests[0].body
    assert body is not None
    if mode == "tools":
        schema = body["tools"][0]["function"]["parameters"]
    else:
        schema = body["response_format"]["json_schema"]["schema"]
    assert strict_mode_problems(schema) == []
    key_points = schema["properties"]["key_points"]
    assert (key_points["minItems"], key_points["maxItems"]) == (3, 7)
    assert key_points["items"]["maxLength"] == 400
    assert schema["properties"]["title"]["maxLength"] == 200
    assert schema["$defs"]["StanceItem"]["properties"]["evidence"]["minItems"] == 1


def test_counts_outside_the_schema_are_still_kept_with_a_warning(
    openai_server: FakeOpenAI, seed_text: str
) -> None:
    """The counts are schema keywords, not validation: a server that ignores them still
    gets its last answer kept, with the contract's warning."""
    answer = seed_answer()
    answer["key_points"] = ["Only one point."]
    openai_server.push(tool_answer(answer))

    summary = summarise(seed_text, max_retries=0, **llm_options(openai_server))

    assert summary.key_points == ["Only one point."]
    assert "key_points: the model gave 1 (the contract asks for 3 to 7)" in summary.meta.warnings
