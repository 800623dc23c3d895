"""Settings resolution: explicit argument > environment > default."""

from __future__ import annotations

import pytest

from summarizer.config import DEFAULT_MODEL, resolve_settings
from summarizer.errors import ConfigError, ProviderError, redact, register_secret


def test_auto_without_endpoint_is_offline_and_says_how_to_configure() -> None:
    settings = resolve_settings(env={})
    assert settings.engine == "offline"
    assert settings.model is None
    assert "OPENAI_API_KEY" in settings.engine_reason


def test_auto_with_key_is_llm_with_default_model() -> None:
    settings = resolve_settings(env={"OPENAI_API_KEY": "sk-test-000000000000"})
    assert settings.engine == "llm"
    assert settings.model == DEFAULT_MODEL


def test_explicit_argument_beats_environment() -> None:
    env = {"OPENAI_BASE_URL": "http://127.0.0.1:1/v1", "SUMMARIZER_MODEL": "env-model"}
    assert resolve_settings(env=env).model == "env-model"
    assert resolve_settings(model="arg-model", env=env).model == "arg-model"
    assert resolve_settings(engine="offline", env=env).engine == "offline"


def test_environment_numbers_are_read_and_checked() -> None:
    env = {"OPENAI_API_KEY": "k" * 10, "SUMMARIZER_TIMEOUT": "5", "SUMMARIZER_MAX_RETRIES": "1"}
    settings = resolve_settings(env=env)
    assert (settings.timeout, settings.max_retries) == (5.0, 1)
    with pytest.raises(ConfigError, match="SUMMARIZER_TIMEOUT"):
        resolve_settings(env={"SUMMARIZER_TIMEOUT": "soon"})


def test_settings_repr_never_shows_the_key() -> None:
    settings = resolve_settings(api_key="sk-secret-abcdefghijkl", env={})
    assert "sk-secret" not in repr(settings)


def test_errors_redact_the_configured_key(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("OPENAI_API_KEY", "plain-key-without-prefix-123")
    error = ProviderError("request with plain-key-without-prefix-123 failed")
    assert "plain-key" not in str(error)
    register_secret("explicit-key-987654")
    assert redact("x explicit-key-987654 y") == "x *** y"
