"""Shared field types for the pack models: ids, cleaned text, bounded numbers, the base model."""

from __future__ import annotations

from typing import Annotated, Any

from pydantic import AfterValidator, BaseModel, ConfigDict, Field, Strict

from sysplay.sanitize import clean_text

ID_PATTERN = r"^[a-z][a-z0-9_]{0,39}$"


class PackModel(BaseModel):
    """Base for every pack model: frozen, unknown keys rejected, no NaN or infinity."""

    model_config = ConfigDict(
        frozen=True,
        extra="forbid",
        allow_inf_nan=False,
        populate_by_name=True,
        validate_default=False,
    )


def F(description: str, example: Any = None, **kwargs: Any) -> Any:  # noqa: N802
    """A pydantic ``Field`` with a description and one example (they become editor hover text)."""
    extra: dict[str, Any] = {"description": description}
    if example is not None:
        extra["examples"] = [example]
    return Field(**extra, **kwargs)


Id = Annotated[
    str,
    Field(
        pattern=ID_PATTERN,
        description="An identifier: lower-case letters, digits and underscores, starting with a letter.",
        examples=["acute_trust"],
    ),
]
#: One line of text shown to players (names, titles, labels).
ShortText = Annotated[str, Field(max_length=200), AfterValidator(clean_text)]
#: Prose shown to players (briefings, narration, voice lines).
LongText = Annotated[str, Field(max_length=6000), AfterValidator(clean_text)]
class _Marker:
    """Metadata that tells the error messages what a field holds (pydantic ignores it)."""

    def __init__(self, name: str) -> None:
        self.name = name

    def __repr__(self) -> str:
        return self.name


#: Marks expression fields, so a number or true/false given for one gets "quote it" rather than "not text".
EXPRESSION = _Marker("EXPRESSION")
#: An expression in the pack's formula language (see docs/pack-format.md#expressions).
ExprText = Annotated[str, Field(min_length=1, max_length=400), AfterValidator(clean_text), EXPRESSION]
#: True or false, and nothing else: YAML 1.2 reads yes/no/on/off as text, so they are refused with a message
#: rather than read as booleans here and as text everywhere else.
Flag = Annotated[bool, Strict()]

Unit = Annotated[float, Field(ge=0.0, le=1.0)]
Signed = Annotated[float, Field(ge=-1.0, le=1.0)]
Delta = Annotated[float, Field(ge=-1.0, le=1.0)]
