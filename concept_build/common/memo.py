"""A function's results kept by the identity of its arguments, for arguments that cannot be hashed."""

from __future__ import annotations

import functools
from collections.abc import Callable
from typing import TypeVar

Result = TypeVar('Result')


def by_identity(function: Callable[..., Result]) -> Callable[..., Result]:
    """*function* answered once for the same argument objects. The arguments are held with the
    result, so that their ids are not reused while it is kept; a long-lived process that passes
    ever new objects starts afresh after a few hundred."""
    kept: dict[tuple[int, ...], tuple[tuple, Result]] = {}

    @functools.wraps(function)
    def remembered(*args: object) -> Result:
        found = kept.get(tuple(map(id, args)))
        if found is not None and all(a is b for a, b in zip(found[0], args, strict=True)):
            return found[1]
        result = function(*args)
        if len(kept) >= 256:
            kept.clear()
        kept[tuple(map(id, args))] = (args, result)
        return result

    return remembered
