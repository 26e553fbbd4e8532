"""Decode JSON into the frozen dataclasses of `model`, collecting every problem instead of stopping
at the first, and describe the same model as JSON Schema. One description drives both, so the
documented schema cannot drift from what the loader accepts."""

from __future__ import annotations

import dataclasses
import re
import types
import typing
import unicodedata
from dataclasses import dataclass, field
from typing import Any, Literal, Union, get_args, get_origin, get_type_hints

from kiosk.core.content.model import MAX_FIGURE, MAX_MARKS_IN_A_ROW, SHORT_TEXT, Text
from kiosk.core.content.problems import Problem, join_path, shown

_MISSING = object()
_ITEM_META = ("max_length", "pattern", "allow_empty")  # what a list's metadata says of each of its items
_MARKS = frozenset({"Mn", "Mc", "Me"})
_ALLOWED_CONTROLS = "\t\n\r"


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
    tp = inner
    origin = get_origin(tp)
    if dataclasses.is_dataclass(tp):
        return _decode_dataclass(tp, value, path, ctx)
    if tp is Text:
        return _decode_text(value, path, ctx, allow_empty=bool(meta.get("allow_empty")), limit=_limit(meta))
    if origin in (Union, types.UnionType):
        # Only `str | Text` is used: a code or a text in every language.
        if isinstance(value, dict):
            return _decode_text(value, path, ctx, allow_empty=False, limit=_limit(meta))
        return decode(str, value, path, ctx, meta)
    if origin is tuple:
        return _decode_tuple(get_args(tp)[0], value, path, ctx, meta)
    if origin is Literal:
        choices = get_args(tp)
        if not isinstance(value, str) or value not in choices:
            ctx.report(path, f"must be one of {', '.join(map(str, choices))}, not {shown(value)}")
            return _MISSING
        return value
    if tp is bool:
        if not isinstance(value, bool):
            ctx.report(path, f"must be true or false, not {json_type_name(value)}")
            return _MISSING
        return value
    if tp in (int, float):
        if isinstance(value, bool) or not isinstance(value, (int, float)) or (tp is int and not isinstance(value, int)):
            ctx.report(path, f"must be {'a whole number' if tp is int else 'a number'}, not {json_type_name(value)}")
            return _MISSING
        if value != value or value in (float("inf"), float("-inf")):
            ctx.report(path, "must be a finite number")
            return _MISSING
        if tp is float and abs(value) > MAX_FIGURE:
            ctx.report(path, f"is {value:g}, beyond 10^15 (1,000 trillion); values are in plain units (85 billion is 85000000000)")
            return _MISSING
        return tp(value)
    if tp is str:
        if not isinstance(value, str):
            ctx.report(path, f"must be text, not {json_type_name(value)}")
            return _MISSING
        problem = None if meta.get("path") else text_problem(value, _limit(meta))  # a path has rules of its own (the loader's)
        if problem:
            ctx.report(path, problem)
            return _MISSING
        names = meta.get("choices")  # a choice of names kept elsewhere (the chart kinds)
        if isinstance(names, tuple) and value not in names:
            ctx.report(path, f"must be one of {', '.join(names)}, not {shown(value)}")
            return _MISSING
        pattern = meta.get("pattern")
        if isinstance(pattern, str) and not re.match(pattern, value):
            ctx.report(path, f"{shown(value)} does not match the pattern {pattern}")
            return _MISSING
        if not value.strip():
            ctx.report(path, "must not be empty")
            return _MISSING
        return value
    raise TypeError(f"unsupported model type {tp!r}")  # a bug in the model, not in content


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
    hints = get_type_hints(cls)
    fields = {f.name: f for f in dataclasses.fields(cls)}
    unknown = [key for key in value if key not in fields]
    for key in unknown:
        ctx.report(join_path(path, key), f"unknown key (allowed: {', '.join(fields)})")
    kwargs: dict[str, Any] = {}
    ok = True
    for name, f in fields.items():
        sub = join_path(path, name)
        if name not in value:
            if f.default is dataclasses.MISSING and f.default_factory is dataclasses.MISSING:
                ctx.report(sub, "is required")
                ok = False
            continue
        decoded = decode(hints[name], value[name], sub, ctx, f.metadata)
        if decoded is _MISSING:
            ok = False
        else:
            kwargs[name] = decoded
    return cls(**kwargs) if ok and not unknown else _MISSING


def decode_document(cls: Any, value: object, ctx: DecodeContext) -> Any | None:
    decoded = decode(cls, value, "", ctx)
    return None if decoded is _MISSING else decoded


# --- JSON Schema --------------------------------------------------------------------------------


def json_schema(root: Any, languages: tuple[str, ...] = ("zh", "en")) -> dict[str, Any]:
    """The model as a JSON Schema (draft 2020-12) for editors that validate as you type."""
    defs: dict[str, Any] = {}

    def text_ref(limit: int) -> dict[str, Any]:
        name = "Text" if limit == SHORT_TEXT else f"Text{limit}"
        defs.setdefault(
            name,
            {
                "type": "object",
                "description": f"A text in every language of the dataset, each at most {limit:,} characters.",
                "additionalProperties": {"type": "string", "maxLength": limit},
                "required": list(languages),
            },
        )
        return {"$ref": f"#/$defs/{name}"}

    text_ref(SHORT_TEXT)

    def schema_for(tp: Any, meta: typing.Mapping[str, object]) -> dict[str, Any]:
        optional, inner = _is_optional(tp)
        base = _schema_for_required(inner, meta)
        return {"anyOf": [base, {"type": "null"}]} if optional else base

    def _schema_for_required(tp: Any, meta: typing.Mapping[str, object]) -> dict[str, Any]:
        origin = get_origin(tp)
        if isinstance(tp, type) and dataclasses.is_dataclass(tp):
            name = tp.__name__
            if name not in defs:
                defs[name] = {}
                hints = get_type_hints(tp)
                props: dict[str, Any] = {}
                required: list[str] = []
                for f in dataclasses.fields(tp):
                    prop = schema_for(hints[f.name], f.metadata)
                    if "doc" in f.metadata:
                        prop["description"] = f.metadata["doc"]
                    props[f.name] = prop
                    if f.default is dataclasses.MISSING and f.default_factory is dataclasses.MISSING:
                        required.append(f.name)
                defs[name] = {
                    "type": "object",
                    "description": (tp.__doc__ or "").strip() if tp.__doc__ and not tp.__doc__.startswith(name + "(") else name,
                    "properties": props,
                    "required": required,
                    "additionalProperties": False,
                }
            return {"$ref": f"#/$defs/{name}"}
        if tp is Text:
            return text_ref(_limit(meta))
        if origin in (Union, types.UnionType):
            return {"anyOf": [_schema_for_required(str, meta), text_ref(_limit(meta))]}
        if origin is tuple:
            item_meta = {key: meta[key] for key in _ITEM_META if key in meta}
            out: dict[str, Any] = {"type": "array", "items": schema_for(get_args(tp)[0], item_meta)}
            if "min_items" in meta:
                out["minItems"] = meta["min_items"]
            if "max_items" in meta:
                out["maxItems"] = meta["max_items"]
            return out
        if origin is Literal:
            return {"enum": list(get_args(tp))}
        if tp is bool:
            return {"type": "boolean"}
        if tp is int:
            return {"type": "integer"}
        if tp is float:
            return {"type": "number", "minimum": -MAX_FIGURE, "maximum": MAX_FIGURE}
        if tp is str and isinstance(names := meta.get("choices"), tuple):
            return {"enum": list(names)}
        if tp is str:
            out = {"type": "string", "minLength": 1, "maxLength": _limit(meta)}
            if "pattern" in meta:
                out["pattern"] = meta["pattern"]
            return out
        raise TypeError(f"unsupported model type {tp!r}")

    top = _schema_for_required(root, {})
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "title": "Lanzhou New Area kiosk content",
        **top,
        "$defs": defs,
    }
