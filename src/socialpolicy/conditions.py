"""The rule condition language: all / any / not over typed facts and detector signals.

A condition is data in a rule module:

```yaml
when:
  all:
    - signal: personal_data.phone          # raised: true, a count above 0, or a non-empty tag list
    - signal: media.people_without_consent
      at_least: 2                         # a count
    - signal: offensive.targets
      has: person                         # a tag
    - fact: account.approved
      equals: null                        # unknown
    - fact: post.visibility
      in: [followers, private, direct]
    - not: {fact: account.official, equals: true}
```

Its meaning is defined by `socialpolicy.engine.reference`; the durable-rules compiler must agree.
"""

from __future__ import annotations

from typing import Annotated, Any

from pydantic import (
    ConfigDict,
    Discriminator,
    Field,
    SerializationInfo,
    SerializerFunctionWrapHandler,
    Tag,
    model_serializer,
    model_validator,
)

from socialpolicy._model import Frozen

Scalar = bool | int | str | None

NAME = r"^[a-z][a-z0-9_]*(\.[a-z0-9_]+)+$"


class _Leaf(Frozen):
    """Serialises only what the writer gave, under the names the writer uses (`in`, `not`)."""

    model_config = ConfigDict(serialize_by_alias=True)

    @model_serializer(mode="wrap")
    def _given_only(self, handler: SerializerFunctionWrapHandler, info: SerializationInfo) -> Any:
        data = handler(self)
        if isinstance(data, dict):
            given = {
                (f.alias or name)
                for name, f in type(self).model_fields.items()
                if name in self.model_fields_set
            }
            return {k: v for k, v in data.items() if k in given}
        return data


class SignalTest(_Leaf):
    """A detector signal: raised, at least N, or carrying a tag."""

    signal: str = Field(pattern=NAME, description="Signal name, e.g. 'personal_data.phone'.")
    at_least: int | None = Field(
        default=None, ge=0, description="The signal's count is at least this."
    )
    has: str | None = Field(default=None, description="The signal's tag list contains this tag.")

    @model_validator(mode="after")
    def _one_operator(self) -> SignalTest:
        if self.at_least is not None and self.has is not None:
            raise ValueError("a signal test takes at most one of 'at_least' and 'has'")
        return self


class FactTest(_Leaf):
    """A post, account or author fact compared with a value."""

    fact: str = Field(pattern=NAME, description="Fact name, e.g. 'account.approved'.")
    equals: Scalar = Field(default=None, description="Equal to this value (null means unknown).")
    in_: tuple[Scalar, ...] | None = Field(
        default=None, alias="in", description="One of these values."
    )
    at_least: int | None = None
    at_most: int | None = None

    @model_validator(mode="after")
    def _one_operator(self) -> FactTest:
        given = [k for k in ("equals", "in_", "at_least", "at_most") if k in self.model_fields_set]
        if len(given) != 1:
            raise ValueError(
                "a fact test takes exactly one of 'equals', 'in', 'at_least', 'at_most'"
                + (f" (got {', '.join(g.rstrip('_') for g in given)})" if given else "")
            )
        return self

    @property
    def operator(self) -> str:
        for key in ("equals", "in_", "at_least", "at_most"):
            if key in self.model_fields_set:
                return key.rstrip("_")
        raise AssertionError("validated to have one operator")


class AllOf(Frozen):
    all: tuple[Condition, ...] = Field(min_length=1)


class AnyOf(Frozen):
    any: tuple[Condition, ...] = Field(min_length=1)


class NotOf(Frozen):
    model_config = ConfigDict(serialize_by_alias=True)

    not_: Condition = Field(alias="not")


def _kind(value: Any) -> str | None:
    if isinstance(value, dict):
        for key in ("all", "any", "not", "signal", "fact"):
            if key in value:
                return key
        return None
    kinds: dict[type, str] = {
        AllOf: "all",
        AnyOf: "any",
        NotOf: "not",
        SignalTest: "signal",
        FactTest: "fact",
    }
    return kinds.get(type(value))


Condition = Annotated[
    Annotated[AllOf, Tag("all")]
    | Annotated[AnyOf, Tag("any")]
    | Annotated[NotOf, Tag("not")]
    | Annotated[SignalTest, Tag("signal")]
    | Annotated[FactTest, Tag("fact")],
    Discriminator(
        _kind,
        custom_error_type="condition_kind",
        custom_error_message="a condition needs one of the keys: all, any, not, signal, fact",
    ),
]

AllOf.model_rebuild()
AnyOf.model_rebuild()
NotOf.model_rebuild()


def walk(cond: Condition, negated: bool = False) -> list[tuple[SignalTest | FactTest, bool]]:
    """Every leaf test with whether it sits under an odd number of `not`s."""
    if isinstance(cond, AllOf):
        return [leaf for c in cond.all for leaf in walk(c, negated)]
    if isinstance(cond, AnyOf):
        return [leaf for c in cond.any for leaf in walk(c, negated)]
    if isinstance(cond, NotOf):
        return walk(cond.not_, not negated)
    return [(cond, negated)]


def dump(cond: Condition) -> dict[str, Any]:
    """The condition as the YAML/JSON a policy writer would write."""
    if isinstance(cond, AllOf):
        return {"all": [dump(c) for c in cond.all]}
    if isinstance(cond, AnyOf):
        return {"any": [dump(c) for c in cond.any]}
    if isinstance(cond, NotOf):
        return {"not": dump(cond.not_)}
    return cond.model_dump(mode="json")
