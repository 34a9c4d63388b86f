"""Schema pieces shared by several domains: pages of results and measured quantities."""

from decimal import Decimal
from functools import cache
from typing import Annotated, ClassVar, Generic, TypeVar
from urllib.parse import urlsplit
from zoneinfo import available_timezones

from fastapi import Path
from fastapi.exceptions import RequestValidationError
from pydantic import AfterValidator, BaseModel, ConfigDict, Field, model_validator

T = TypeVar("T")

# Every id is a PostgreSQL bigint: a larger one names nothing, and is an input error, not a 500.
MAX_ID = 2**63 - 1
Id = Annotated[int, Field(ge=1, le=MAX_ID, strict=True)]
PathId = Annotated[int, Path(ge=1, le=MAX_ID, description="an id (1 to 2^63-1)")]

# Quantities a person types in their own units. Bounds are generous (a 2000 lb squat is absurd in
# any unit) and three decimals keep the conversion to SI exact (docs/units.md).
WeightIn = Annotated[Decimal, Field(ge=0, le=2000, decimal_places=3, description="in kg or lb (the request's units)")]
DistanceIn = Annotated[Decimal, Field(ge=0, le=10_000, decimal_places=3, description="in km or mi (the request's units)")]
SpeedIn = Annotated[Decimal, Field(ge=0, le=30, decimal_places=3, description="in km/h or mph (the request's units)")]
InclineIn = Annotated[Decimal, Field(ge=-15, le=40, decimal_places=1, description="grade in percent")]
HeightIn = Annotated[Decimal, Field(gt=0, le=300, decimal_places=2, description="in cm or in (the request's units)")]
# Counts are whole JSON numbers: `true` is not one rep, nor "5" five (strict).
Seconds = Annotated[int, Field(ge=0, le=7 * 24 * 3600, strict=True, description="seconds")]
Reps = Annotated[int, Field(ge=0, le=1000, strict=True)]
Rpe = Annotated[Decimal, Field(ge=1, le=10, decimal_places=1, description="rate of perceived exertion, 1-10")]


def _storable(text: str) -> str:
    """PostgreSQL text holds neither NUL nor unpaired surrogates: refuse them as input errors."""
    if "\x00" in text:
        raise ValueError("must not contain the NUL character (\\u0000)")
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        raise ValueError("must be valid Unicode (an unpaired surrogate was sent)") from None
    return text


StorableText = Annotated[str, AfterValidator(_storable)]


def invalid(field: str, message: str, where: str = "body") -> RequestValidationError:
    """A check made after parsing, answered as validation answers (a 422 whose `detail` is a list
    naming the field), so every 422 has one shape."""
    return RequestValidationError([{"type": "value_error", "loc": (where, field), "msg": f"Value error, {message}"}])


def refuse_unstorable(**fields: str) -> None:
    """For text that reaches a route outside a schema (a form read by a dependency)."""
    for name, value in fields.items():
        try:
            _storable(value)
        except ValueError as error:
            raise invalid(name, str(error)) from None


def _web_address(text: str) -> str:
    parts = urlsplit(_storable(text))
    if parts.scheme not in ("http", "https") or not parts.netloc or any(c.isspace() for c in text):
        raise ValueError("must be an http:// or https:// address")
    return text


WebAddress = Annotated[str, Field(max_length=2048), AfterValidator(_web_address)]
ShortText = Annotated[str, Field(min_length=1, max_length=120), AfterValidator(_storable)]
LongText = Annotated[str, Field(max_length=5000), AfterValidator(_storable)]


@cache
def _zones() -> frozenset[str]:
    return frozenset(available_timezones())


def _known_zone(name: str) -> str:
    if name not in _zones():
        raise ValueError(f"{name!r} is not an IANA time zone name (such as Europe/Athens or America/New_York)")
    return name


TimeZone = Annotated[str, Field(max_length=64, description="IANA time zone name"), AfterValidator(_known_zone)]


class StrictModel(BaseModel):
    """Request bodies: unknown fields are an error, so a typo never silently drops data."""

    model_config = ConfigDict(extra="forbid")


class PatchModel(StrictModel):
    """A partial update: a field left out keeps its value; those in `not_nullable` may not be
    set to null either."""

    not_nullable: ClassVar[frozenset[str]] = frozenset()

    @model_validator(mode="after")
    def _no_nulls(self) -> "PatchModel":
        nulls = sorted(n for n in self.not_nullable & self.model_fields_set if getattr(self, n) is None)
        if nulls:
            raise ValueError(f"{', '.join(nulls)} may not be null")
        return self


class Page(BaseModel, Generic[T]):
    items: list[T]
    total: int
    limit: int
    offset: int
