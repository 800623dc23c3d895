"""The LLM engine: the model fills references to the Document (``S#``, ``Q#``, actor
names) through instructor; ``draft_with_llm`` / ``adraft_with_llm`` in ``engine``.

``prompt_version()`` and ``response_schema_hash()`` identify what the model is
asked; the cache and record/replay key on them.
"""

from summarizer.llm.prompt import prompt_version, response_schema_hash

__all__ = ["prompt_version", "response_schema_hash"]
