"""Decode JSON into the frozen dataclasses of `model`, collecting every problem instead of stopping
at the first, and describe the same model as JSON Schema. One description drives both, so the
documented schema cannot drift from what the loader accepts."""

from __future__ import annotations

import dataclasses
import functools
import re
import types
import typing
import unicodedata
from dataclasses import dataclass, field
from typing import Any, Literal, Union, get_args, get_origin, get_type_hints

from kiosk.core.content.model import LANGUAGE_PATTERN, MAX_FIGURE, MAX_MARKS_IN_A_ROW, SHORT_TEXT, Text
from kiosk.core.content.problems import Problem, join_path, shown

_MISSING = object()
_ITEM_META = ("max_length", "pattern", "allow_empty")  # what a list's metadata says of each of its items
_MARKS = frozenset({"Mn", "Mc", "Me"})
_ALLOWED_CONTROLS = "\t\n\r"
_RANGE_KEYS = (("minimum", "minimum"), ("maximum", "maximum"), ("exclusive_minimum", "exclusiveMinimum"))


@dataclass
class DecodeContext:
    file: str
    languages: tuple[str, ...]
    problems: list[Problem] = field(default_factory=list)

    def report(self, path: str, message: str) -> None:
        self.problems.append(Problem(self.file, path, message))


def json_type_name(value: object) -> str:
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "true/false"
    if isinstance(value, (int, float)):
        return "a number"
    if isinstance(value, str):
        return "text"
    if isinstance(value, list):
        return "a list"
    if isinstance(value, dict):
        return "an object"
    return type(value).__name__


def text_problem(text: str, limit: int = SHORT_TEXT) -> str | None:
    """Why a text cannot go on screen, or None: longer than `limit`, more combining marks on one letter
    than any writing needs (laying them out is slow), or something that is no character at all (an
    unpaired surrogate, which JSON allows and UTF-8 cannot hold; a control character)."""
    if len(text) > limit:
        return f"is {len(text):,} characters long; the limit is {limit:,}"
    if text.isascii():
        bad = next((i for i, c in enumerate(text) if (c < " " and c not in _ALLOWED_CONTROLS) or c == "\x7f"), None)
        return None if bad is None else f"has a control character ({text[bad]!r}) at character {bad + 1}"
    run = 0
    for i, c in enumerate(text):
        category = unicodedata.category(c)
        if category in _MARKS:
            run += 1
            if run > MAX_MARKS_IN_A_ROW:
                return (
                    f"has more than {MAX_MARKS_IN_A_ROW} combining marks (accents) on one letter, character {i + 1 - run}; "
                    "no writing needs so many"
                )
            continue
        run = 0
        if category == "Cs":
            return f"has an unpaired surrogate ({c!r}) at character {i + 1}: not a character, and no font can show it"
        if category == "Cc" and c not in _ALLOWED_CONTROLS:
            return f"has a control character ({c!r}) at character {i + 1}"
    return None


def _is_optional(tp: Any) -> tuple[bool, Any]:
    if get_origin(tp) in (Union, types.UnionType):
        args = [a for a in get_args(tp) if a is not type(None)]
        if len(args) < len(get_args(tp)):
            return True, args[0] if len(args) == 1 else Union[tuple(args)]  # noqa: UP007
    return False, tp


def decode(tp: Any, value: object, path: str, ctx: DecodeContext, meta: typing.Mapping[str, object] | None = None) -> Any:
    """Return the decoded value, or _MISSING after reporting why it could not be decoded."""
    meta = meta or {}
    optional, inner = _is_optional(tp)
    if value is None:
        if optional:
            return None
        ctx.report(path, "must not be null")
        return _MISSING
    return _decode_required(inner, value, path, ctx, meta)


def _decode_required(tp: Any, value: object, path: str, ctx: DecodeContext, meta: typing.Mapping[str, object]) -> Any:
    if dataclasses.is_dataclass(tp):
        return _decode_dataclass(tp, value, path, ctx)
    if tp is Text:
        return _decode_text(value, path, ctx, allow_empty=bool(meta.get("allow_empty")), limit=_limit(meta))
    origin = get_origin(tp)
    if origin in (Union, types.UnionType):
        return _decode_union(tp, value, path, ctx, meta)
    if origin is tuple:
        return _decode_tuple(get_args(tp)[0], value, path, ctx, meta)
    if origin is Literal:
        return _decode_literal(get_args(tp), value, path, ctx)
    if tp is bool:
        if not isinstance(value, bool):
            ctx.report(path, f"must be true or false, not {json_type_name(value)}")
            return _MISSING
        return value
    if tp in (int, float):
        return _decode_number(tp, value, path, ctx, meta)
    if tp is str:
        return _decode_str(value, path, ctx, meta)
    raise TypeError(f"unsupported model type {tp!r}")  # a bug in the model, not in content


def _decode_union(tp: Any, value: object, path: str, ctx: DecodeContext, meta: typing.Mapping[str, object]) -> Any:
    """`str | X`: a code or a template as text, or an object: a text in every language (X is Text) or a
    dataclass (a locale's unit with forms)."""
    (other,) = [a for a in get_args(tp) if a is not str]
    if isinstance(value, dict):
        return _decode_required(other, value, path, ctx, {} if other is not Text else {"max_length": _limit(meta)})
    return _decode_str(value, path, ctx, meta)


def _decode_literal(choices: tuple[Any, ...], value: object, path: str, ctx: DecodeContext) -> Any:
    if not isinstance(value, str) or value not in choices:
        ctx.report(path, f"must be one of {', '.join(map(str, choices))}, not {shown(value)}")
        return _MISSING
    return value


def _decode_number(tp: type, value: object, path: str, ctx: DecodeContext, meta: typing.Mapping[str, object]) -> Any:
    if isinstance(value, bool) or not isinstance(value, (int, float)) or (tp is int and not isinstance(value, int)):
        ctx.report(path, f"must be {'a whole number' if tp is int else 'a number'}, not {json_type_name(value)}")
        return _MISSING
    if value != value or value in (float("inf"), float("-inf")):
        ctx.report(path, "must be a finite number")
        return _MISSING
    if tp is float and abs(value) > MAX_FIGURE:
        ctx.report(path, f"is {value:g}, beyond 10^15 (1,000 trillion); values are in plain units (85 billion is 85000000000)")
        return _MISSING
    problem = _range_problem(value, meta)
    if problem:
        ctx.report(path, problem)
        return _MISSING
    return tp(value)


def _range_problem(value: float, meta: typing.Mapping[str, object]) -> str | None:
    low, high, above = meta.get("minimum"), meta.get("maximum"), meta.get("exclusive_minimum")
    if isinstance(above, (int, float)) and not value > above:
        return f"must be more than {above:g}, not {value:g}"
    if isinstance(low, (int, float)) and isinstance(high, (int, float)) and not low <= value <= high:
        return f"must be from {low:g} to {high:g}, not {value:g}"
    return None


def _decode_str(value: object, path: str, ctx: DecodeContext, meta: typing.Mapping[str, object]) -> Any:
    if not isinstance(value, str):
        ctx.report(path, f"must be text, not {json_type_name(value)}")
        return _MISSING
    problem = None if meta.get("path") else text_problem(value, _limit(meta))  # a path has rules of its own (the loader's)
    names = meta.get("choices")  # a choice of names kept elsewhere (the chart kinds)
    if not problem and isinstance(names, tuple) and value not in names:
        problem = f"must be one of {', '.join(names)}, not {shown(value)}"
    pattern = meta.get("pattern")
    if not problem and isinstance(pattern, str) and not re.fullmatch(pattern, value):  # as JSON Schema: no final line break
        problem = f"{shown(value)} does not match the pattern {pattern}"
    if not problem and not meta.get("allow_empty") and not value.strip():
        problem = "must not be empty"
    missing = [p for p in _contains(meta) if p not in value]
    if not problem and missing:
        problem = f"must contain {' and '.join(missing)}"
    if problem:
        ctx.report(path, problem)
        return _MISSING
    return value


def _contains(meta: typing.Mapping[str, object]) -> tuple[str, ...]:
    """Placeholders a template must hold ({n}, {year}): one text or several."""
    contains = meta.get("contains", ())
    return (contains,) if isinstance(contains, str) else tuple(str(c) for c in contains) if isinstance(contains, tuple) else ()


def _decode_tuple(item_tp: Any, value: object, path: str, ctx: DecodeContext, meta: typing.Mapping[str, object]) -> Any:
    if not isinstance(value, list):
        ctx.report(path, f"must be a list, not {json_type_name(value)}")
        return _MISSING
    min_items, max_items = meta.get("min_items"), meta.get("max_items")
    if isinstance(min_items, int) and len(value) < min_items:
        ctx.report(path, f"needs at least {min_items} entr{'y' if min_items == 1 else 'ies'}")
    if isinstance(max_items, int) and len(value) > max_items:  # its entries are not decoded: one problem, not thousands
        ctx.report(path, f"has {len(value):,} entries; at most {max_items} fit")
        return _MISSING
    item_meta = {key: meta[key] for key in _ITEM_META if key in meta}
    out = [decode(item_tp, item, join_path(path, i), ctx, item_meta) for i, item in enumerate(value)]
    if any(item is _MISSING for item in out):
        return _MISSING
    return tuple(out)


def _limit(meta: typing.Mapping[str, object]) -> int:
    limit = meta.get("max_length", SHORT_TEXT)
    return limit if isinstance(limit, int) else SHORT_TEXT


def _decode_text(value: object, path: str, ctx: DecodeContext, *, allow_empty: bool, limit: int = SHORT_TEXT) -> Any:
    if not isinstance(value, dict):
        ctx.report(path, f"must be an object with a text per language ({', '.join(ctx.languages)}), not {json_type_name(value)}")
        return _MISSING
    ok = True
    for lang in ctx.languages:
        if lang not in value:
            ctx.report(path, f"missing translation for '{lang}'")
            ok = False
    for lang, text in value.items():
        sub = join_path(path, lang)
        if lang not in ctx.languages:
            ctx.report(sub, f"unknown language {shown(lang)} (languages are {', '.join(ctx.languages)})")
            ok = False
        elif not isinstance(text, str):
            ctx.report(sub, f"must be text, not {json_type_name(text)}")
            ok = False
        elif problem := text_problem(text, limit):
            ctx.report(sub, problem)
            ok = False
        elif not allow_empty and not text.strip():
            ctx.report(sub, "translation is empty")
            ok = False
    return Text(value) if ok else _MISSING


def _decode_dataclass(cls: Any, value: object, path: str, ctx: DecodeContext) -> Any:
    if not isinstance(value, dict):
        ctx.report(path, f"must be an object, not {json_type_name(value)}")
        return _MISSING
    hints, fields = _shape(cls)
    unknown = [key for key in value if key not in fields]
    for key in unknown:
        ctx.report(join_path(path, key), f"unknown key (allowed: {', '.join(fields)})")
    kwargs: dict[str, Any] = {}
    ok = True
    for name, f in fields.items():
        sub = join_path(path, name)
        if name not in value:
            if _is_required(f):
                ctx.report(sub, "is required")
                ok = False
            continue
        decoded = decode(hints[name], value[name], sub, ctx, f.metadata)
        if decoded is _MISSING:
            ok = False
        else:
            kwargs[name] = decoded
    if not ok or unknown:
        return _MISSING
    decoded = cls(**kwargs)
    invariants = getattr(decoded, "invariant_problems", None)  # rules across fields, e.g. "'up' and 'down', or 'other'"
    broken = invariants() if invariants is not None else []
    for sub, message in broken:
        ctx.report(join_path(path, sub) if sub else path, message)
    return _MISSING if broken else decoded


@functools.cache
def _shape(cls: Any) -> tuple[dict[str, Any], dict[str, dataclasses.Field[Any]]]:
    """A model class's field types and fields, worked out once: get_type_hints compiles every annotation
    anew on each call (it was two thirds of loading the content at start, called for every object)."""
    return get_type_hints(cls), {f.name: f for f in dataclasses.fields(cls)}


def _is_required(f: dataclasses.Field[Any]) -> bool:
    return f.default is dataclasses.MISSING and f.default_factory is dataclasses.MISSING


def decode_document(cls: Any, value: object, ctx: DecodeContext) -> Any | None:
    decoded = decode(cls, value, "", ctx)
    return None if decoded is _MISSING else decoded


# --- JSON Schema --------------------------------------------------------------------------------


def json_schema(root: Any, languages: tuple[str, ...] = ()) -> dict[str, Any]:
    """The model as a JSON Schema (draft 2020-12) for editors that validate as you type. `languages`: the
    content's language codes, each required in every text; none given, a text takes any language codes
    (the content's own `languages` say which; the loader checks that every text has them all)."""
    builder = _SchemaBuilder(languages)
    builder.text_ref(SHORT_TEXT)
    top = builder.required(root, {})
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "title": "Lanzhou New Area kiosk content",
        **top,
        "$defs": builder.defs,
    }


class _SchemaBuilder:
    """Walks the model's types once, collecting each dataclass and text limit as a named definition."""

    def __init__(self, languages: tuple[str, ...]) -> None:
        self.languages = languages
        self.defs: dict[str, Any] = {}

    def text_ref(self, limit: int) -> dict[str, Any]:
        name = "Text" if limit == SHORT_TEXT else f"Text{limit}"
        if name not in self.defs:
            text: dict[str, Any] = {
                "type": "object",
                "description": f"A text in every language of the dataset, each at most {limit:,} characters.",
                "additionalProperties": {"type": "string", "maxLength": limit},
            }
            if self.languages:
                text["required"] = list(self.languages)
            else:
                text["minProperties"] = 1
                text["propertyNames"] = {"pattern": LANGUAGE_PATTERN}
            self.defs[name] = text
        return {"$ref": f"#/$defs/{name}"}

    def schema_for(self, tp: Any, meta: typing.Mapping[str, object]) -> dict[str, Any]:
        optional, inner = _is_optional(tp)
        base = self.required(inner, meta)
        return {"anyOf": [base, {"type": "null"}]} if optional else base

    def required(self, tp: Any, meta: typing.Mapping[str, object]) -> dict[str, Any]:
        origin = get_origin(tp)
        if isinstance(tp, type) and dataclasses.is_dataclass(tp):
            return self.dataclass_ref(tp)
        if tp is Text:
            return self.text_ref(_limit(meta))
        if origin in (Union, types.UnionType):
            (other,) = [a for a in get_args(tp) if a is not str]
            return {"anyOf": [_scalar_schema(str, meta), self.required(other, {"max_length": _limit(meta)})]}
        if origin is tuple:
            item_meta = {key: meta[key] for key in _ITEM_META if key in meta}
            out: dict[str, Any] = {"type": "array", "items": self.schema_for(get_args(tp)[0], item_meta)}
            out |= {schema_key: meta[key] for key, schema_key in (("min_items", "minItems"), ("max_items", "maxItems")) if key in meta}
            return out
        if origin is Literal:
            return {"enum": list(get_args(tp))}
        return _scalar_schema(tp, meta)

    def dataclass_ref(self, tp: type) -> dict[str, Any]:
        name = tp.__name__
        if name not in self.defs:
            self.defs[name] = {}  # a placeholder while its fields are described: a type may refer to itself
            hints = get_type_hints(tp)
            props: dict[str, Any] = {}
            for f in dataclasses.fields(tp):
                props[f.name] = self.schema_for(hints[f.name], f.metadata)
                if "doc" in f.metadata:
                    props[f.name]["description"] = f.metadata["doc"]
            doc = (tp.__doc__ or "").strip()
            self.defs[name] = {
                "type": "object",
                "description": doc if doc and not doc.startswith(name + "(") else name,
                "properties": props,
                "required": [f.name for f in dataclasses.fields(tp) if _is_required(f)],
                "additionalProperties": False,
            }
        return {"$ref": f"#/$defs/{name}"}


def _scalar_schema(tp: Any, meta: typing.Mapping[str, object]) -> dict[str, Any]:
    if tp is bool:
        return {"type": "boolean"}
    if tp in (int, float):
        out: dict[str, Any] = {"type": "integer"} if tp is int else {"type": "number", "minimum": -MAX_FIGURE, "maximum": MAX_FIGURE}
        out |= {schema_key: meta[key] for key, schema_key in _RANGE_KEYS if key in meta}
        return out
    if tp is str and isinstance(names := meta.get("choices"), tuple):
        return {"enum": list(names)}
    if tp is str:
        out = {"type": "string", "minLength": 0 if meta.get("allow_empty") else 1, "maxLength": _limit(meta)}
        patterns = [str(meta["pattern"])] if "pattern" in meta else []
        patterns += [re.escape(p) for p in _contains(meta)]  # JSON Schema's patterns search, they are not anchored
        if len(patterns) == 1:
            out["pattern"] = patterns[0]
        elif patterns:
            out["allOf"] = [{"pattern": p} for p in patterns]
        return out
    raise TypeError(f"unsupported model type {tp!r}")
