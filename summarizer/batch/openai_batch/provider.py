"""The provider's ``/v1/files`` and ``/v1/batches``, through openai's public client.

Requests go through the engine's ``RetryingTransport`` (transient errors retried with
the one policy); every other provider error becomes a one-line ``ProviderError`` (exit 3)
that says what to fix, as for chat completions.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any, Final, TypeVar

import httpx
import openai

from summarizer.config import Settings
from summarizer.errors import ProviderError
from summarizer.llm.client import LOCAL_KEY
from summarizer.llm.errors import provider_error
from summarizer.retry import RequestLog, RetryingTransport

__all__ = ["ENDPOINT", "BatchProvider"]

ENDPOINT: Final = "/v1/chat/completions"
"""The Batch API endpoint every request line names."""

T = TypeVar("T")


class BatchProvider:
    """Upload, create, find, poll, cancel and download, each a single call."""

    def __init__(self, settings: Settings) -> None:
        self.settings = settings
        self.log = RequestLog()
        transport = RetryingTransport(settings, self.log, settings.transport)
        http = httpx.Client(transport=transport, timeout=settings.timeout, trust_env=False)
        options: dict[str, Any] = {  # a dict: openai 3 types http_client as httpx2's
            "http_client": http,
            "api_key": settings.api_key or LOCAL_KEY,
            "base_url": settings.base_url,
            "timeout": settings.timeout,
            "max_retries": 0,
        }
        self.client = openai.OpenAI(**options)

    def _call(self, what: str, call: Callable[[], T]) -> T:
        try:
            return call()
        except openai.OpenAIError as error:
            failure = provider_error(error, self.settings, self.log)
            raise ProviderError(
                f"Batch API {what}: {failure.message}", status_code=failure.status_code
            ) from None

    def upload(self, path: Path) -> str:
        def send() -> str:
            with open(path, "rb") as handle:
                return self.client.files.create(file=(path.name, handle), purpose="batch").id

        return self._call("upload", send)

    def create(self, file_id: str, metadata: dict[str, str]) -> Any:
        return self._call(
            "create",
            lambda: self.client.batches.create(
                input_file_id=file_id,
                endpoint=ENDPOINT,
                completion_window="24h",
                metadata=metadata,
            ),
        )

    def find(self, file_id: str, since: float) -> Any | None:
        """The batch made from ``file_id`` (a create whose answer was lost), if any; the
        listing is newest first, so it stops at batches older than ``since``."""

        def look() -> Any | None:
            for batch in self.client.batches.list(limit=100):
                if batch.input_file_id == file_id:
                    return batch
                if batch.created_at < since:
                    return None
            return None

        return self._call("list", look)

    def retrieve(self, batch_id: str) -> Any:
        return self._call("retrieve", lambda: self.client.batches.retrieve(batch_id))

    def cancel(self, batch_id: str) -> Any:
        return self._call("cancel", lambda: self.client.batches.cancel(batch_id))

    @contextmanager
    def lines(self, file_id: str) -> Iterator[Iterator[bytes]]:
        """The lines of a result file, streamed (never read whole)."""
        try:
            with self.client.files.with_streaming_response.content(file_id) as response:
                yield (line.encode("utf-8") for line in response.iter_lines() if line)
        except openai.OpenAIError as error:
            failure = provider_error(error, self.settings, self.log)
            raise ProviderError(
                f"Batch API download: {failure.message}", status_code=failure.status_code
            ) from None

    def close(self) -> None:
        self.client.close()
