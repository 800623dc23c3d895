"""Print one real request/response pair between the LLM engine and the local test server.

The engine summarises the seed article against ``tests/openai_server.py``, which
answers with the references a careful model would give (``tests/test_llm_engine.
seed_answer``). The request is printed as it arrived over HTTP, minus the
``authorization`` header; long strings (the prompt, the schema descriptions) are
clipped unless ``--full``.

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
from tests.openai_server import chat_completion, serve  # noqa: E402
from tests.test_llm_engine import seed_answer, tool_answer  # noqa: E402

SEED = ROOT / "seeds" / "000_012b64248e7d0954.txt"


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

    text = SEED.read_text(encoding="utf-8")
    answer = seed_answer()
    if args.mode == "tools":
        body = tool_answer(answer, prompt_tokens=1650, completion_tokens=420)
    else:
        content = json.dumps(answer, indent=2)
        if args.mode == "md_json":
            content = f"```json\n{content}\n```"
        body = chat_completion(content, prompt_tokens=1650, completion_tokens=420)

    server_lifetime = serve()
    server = next(server_lifetime)
    server.push(body)
    summary = summarise(
        text,
        base_url=server.base_url,
        model="test-model",
        api_key="sk-example-0000",
        mode=args.mode,
    )
    (request,) = server.chat_requests
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
    server_lifetime.close()


if __name__ == "__main__":
    main()
