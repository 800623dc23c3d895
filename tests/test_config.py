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


@pytest.mark.parametrize(
    ("option", "value", "message"),
    [
        (
            "timeout",
            float("nan"),
            "--timeout must be a number of seconds greater than 0 and at most 3600, not nan",
        ),
        ("timeout", float("inf"), "--timeout must be"),
        ("timeout", 0, "--timeout must be"),
        ("timeout", "5", "--timeout must be"),
        ("temperature", float("nan"), "--temperature must be a number from 0 to 2, not nan"),
        ("temperature", 2.5, "--temperature must be a number from 0 to 2, not 2.5"),
        ("max_retries", -1, "--max-retries must be a whole number from 0 to 20, not -1"),
        ("max_retries", 1.5, "--max-retries must be a whole number"),
        ("max_retries", True, "--max-retries must be a whole number"),
        ("max_tokens", 0, "--max-tokens must be a whole number of tokens from 1 to 1000000"),
        ("max_tokens", float("inf"), "--max-tokens must be"),
        ("max_chars", 10**12, "--max-chars must be a whole number of characters from 1 to"),
    ],
)
def test_library_numbers_are_finite_and_in_range(option: str, value: object, message: str) -> None:
    with pytest.raises(ConfigError) as caught:
        resolve_settings(env={}, **{option: value})  # type: ignore[arg-type]
    assert message in caught.value.message
    assert "\n" not in caught.value.message
    assert caught.value.exit_code == 2


@pytest.mark.parametrize(
    ("variable", "value"),
    [
        ("SUMMARIZER_TIMEOUT", "nan"),
        ("SUMMARIZER_TIMEOUT", "inf"),
        ("SUMMARIZER_TIMEOUT", "-1"),
        ("SUMMARIZER_TEMPERATURE", "NaN"),
        ("SUMMARIZER_MAX_RETRIES", "100"),
        ("SUMMARIZER_MAX_TOKENS", "0"),
        ("SUMMARIZER_MAX_CHARS", "-5"),
    ],
)
def test_environment_numbers_are_finite_and_in_range(variable: str, value: str) -> None:
    with pytest.raises(ConfigError, match=f"^{variable} must be a"):
        resolve_settings(env={variable: value})


def test_whole_floats_are_accepted_for_whole_number_options() -> None:
    settings = resolve_settings(env={}, max_retries=3.0, timeout=5)  # type: ignore[arg-type]
    assert (settings.max_retries, settings.timeout) == (3, 5.0)
    assert isinstance(settings.max_retries, int) and isinstance(settings.timeout, float)


def test_settings_changed_later_are_checked_too() -> None:
    settings = resolve_settings(env={})
    with pytest.raises(ConfigError, match="--timeout must be"):
        settings.with_(timeout=float("nan"))
    with pytest.raises(ConfigError, match="transient_attempts must be"):
        settings.with_(transient_attempts=0)


def test_settings_repr_never_shows_the_key() -> None:
    settings = resolve_settings(api_key="sk-secret-abcdefghijkl", env={})
    assert "sk-secret" not in repr(settings)


def test_errors_redact_the_configured_key(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("OPENAI_API_KEY", "plain-key-without-prefix-123")
    error = ProviderError("request with plain-key-without-prefix-123 failed")
    assert "plain-key" not in str(error)
    register_secret("explicit-key-987654")
    assert redact("x explicit-key-987654 y") == "x *** y"
