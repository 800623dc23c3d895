"""Print one real request/response pair between the LLM engine and a scripted endpoint.

The engine summarises the seed article against ``summarizer.testing.FakeOpenAI`` (an
in-process httpx transport: the openai client, instructor and our retries run as
they do over HTTP), which answers with the references a careful model would give,
built from the seed fixture's gold (``summarizer.evaluation.gold_answers``). The
request is printed as the transport received it, minus the ``authorization``
header; long strings (the prompt, the schema descriptions) are clipped unless
``--full``.

    python benchmarks/llm_exchange.py [--full] [--mode tools|json_schema|md_json]
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from summarizer import summarise  # noqa: E402
from summarizer.evaluation.fixtures import load_fixture  # noqa: E402
from summarizer.evaluation.gold_answers import answer_for  # noqa: E402
from summarizer.testing import FakeOpenAI, summary_completion  # noqa: E402

SEED = ROOT / "evals" / "fixtures" / "seed-iran-iraq-oic.json"


def clip(value: Any, limit: int) -> Any:
    if isinstance(value, str) and len(value) > limit:
        return value[:limit] + f"... [{len(value) - limit} more characters]"
    if isinstance(value, dict):
        return {key: clip(item, limit) for key, item in value.items()}
    if isinstance(value, list):
        return [clip(item, limit) for item in value]
    return value


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--full", action="store_true", help="do not clip long strings")
    parser.add_argument("--mode", default="tools", choices=("tools", "json_schema", "md_json"))
    args = parser.parse_args()
    limit = 10**9 if args.full else 160

    fixture = load_fixture(SEED)
    text = fixture.text
    answer = answer_for(fixture)
    body = summary_completion(
        answer if args.mode == "tools" else json.dumps(answer, indent=2),
        mode=args.mode,
        prompt_tokens=1650,
        completion_tokens=420,
    )

    server = FakeOpenAI()
    server.push(body)
    summary = summarise(text, settings=server.settings(api_key="sk-example-0000", mode=args.mode))
    (request,) = server.chat_requests
    assert request.body, "the engine sent no JSON object as its body"
    headers = {k: v for k, v in request.headers.items() if k != "authorization"}

    print(f"=== request: {request.method} {request.path}")
    print(json.dumps({"headers": headers}, indent=2))
    print(json.dumps(clip(request.body, limit), indent=2, ensure_ascii=False))
    print("=== request: the user message, in full")
    print(request.body["messages"][-1]["content"])
    print("=== response (200)")
    print(json.dumps(clip(body, limit), indent=2, ensure_ascii=False))
    print("=== response: the model's answer (the references it filled), decoded")
    print(json.dumps(answer, indent=2, ensure_ascii=False))
    print("=== resolved: quotes with offsets")
    for quote in summary.quotes:
        print(f"{quote.start:>5}:{quote.end:<5} {quote.speaker!s:24} {quote.text[:60]}")
    print(f"meta: {summary.meta.model_dump_json()}")


if __name__ == "__main__":
    main()
