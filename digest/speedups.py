"""Every place digest goes past a library's documented interface or calls the operating system directly, for speed.

Each trick says what it gains, as `benchmarks/speedups.py` measures it: the same builds, each trick undone in turn
(at 10,000 articles; see RESULTS.md). A trick worth under about 5 % of the build it serves does not belong here:
it is removed instead. Outside this module, digest uses its libraries only as documented.
"""

from __future__ import annotations

import contextlib
import errno
import functools
import gc
import os
import sys
from collections.abc import Callable, Iterator
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    import jinja2


@functools.cache
def direct_calls() -> type[jinja2.runtime.Context]:
    """The context class digest's templates render with (made on first use: a build with nothing to do never
    imports Jinja).

    It calls the functions the environment lists in `plain_calls` directly. Jinja's `call` asks every callable
    whether it wants the context passed in (three attribute lookups, most of them misses) before calling it; an
    article page makes thirty calls to href() and urls.*, which never do. Gain: 15 % of a template edit's wall
    time (18 % of its CPU) at 10,000 articles.

    Dropped for a gain under 5 %: globals as one plain dict instead of Jinja's ChainMap (`make_globals`): 1 %
    of a template edit's wall time, 4 % of its CPU.
    """
    import jinja2

    class DirectCalls(jinja2.runtime.Context):
        def call(__self, __obj: Any, *args: Any, **kwargs: Any) -> Any:  # noqa: N805 (Jinja's own signature)
            try:
                plain = __obj in __self.environment.plain_calls  # type: ignore[attr-defined]
            except TypeError:  # unhashable: not one of ours
                plain = False
            if plain:
                kwargs.pop("_block_vars", None)
                kwargs.pop("_loop_vars", None)
                return __obj(*args, **kwargs)
            return super().call(__obj, *args, **kwargs)

    return DirectCalls


@contextlib.contextmanager
def collector_paused() -> Iterator[None]:
    """Python's cyclic garbage collector off for a build.

    A build makes millions of objects and next to no reference cycles, so the collector only walks the heap
    again and again; reference counting still frees everything. It is back on afterwards, with what the build
    left frozen: otherwise its first pass would walk all of it at once (0.13 s at 10,000 articles), just before
    the command exits. A long-running caller calls `release_garbage` when it has time. Gain at 10,000 articles:
    14 % of an edit's wall time (10 % of its CPU), 14 % of a template edit's (8 %).
    """
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.freeze()
            gc.enable()


def hand_back_memory() -> None:
    """Give the C heap's free pages back to the system (glibc's `malloc_trim`; nothing without glibc).

    Loading ten thousand articles frees their HTML and the workers' answers, and glibc keeps freed memory for
    reuse. The render worker is then forked from a parent that still holds it all, and every page either process
    touches afterwards is copied. Gain at 10,000 articles, cold build, search on (`benchmarks/speedups.py`, two
    pairs): tree PSS 691 → 562 MiB; its time within the machine's spread (68.1 s with it, 69.1 s without).
    Called again just before the render worker is forked, for what planning freed: three alternating pairs of
    cold builds on a loaded machine, tree PSS 474, 482, 459 MiB with that call and 484, 502, 506 without; 6 ms.
    """
    if not sys.platform.startswith("linux"):
        return
    import ctypes

    with contextlib.suppress(OSError, AttributeError):  # a C library without it: musl, say
        ctypes.CDLL(None).malloc_trim(0)


def release_garbage() -> None:
    """Let the collector see again what builds left frozen, and collect it (for the dev server, between builds)."""
    gc.unfreeze()
    gc.collect()


@functools.cache
def exchange() -> Callable[[str, str], bool] | None:
    """Linux's renameat2(RENAME_EXCHANGE), which swaps two names atomically; None where there is no such call.

    Python has no binding for it. With it, the site's old pages go back into the pool of spare files as the new
    ones come in, and the next build overwrites those in place: the file system reuses their blocks instead of
    allocating new files and freeing the old ones. Gain: 45 % of a template edit's wall time (24 % of its CPU) at
    10,000 articles.
    """
    if not sys.platform.startswith("linux"):
        return None
    import ctypes

    try:
        renameat2 = ctypes.CDLL(None, use_errno=True).renameat2
    except (OSError, AttributeError):
        return None
    renameat2.argtypes = [ctypes.c_int, ctypes.c_char_p, ctypes.c_int, ctypes.c_char_p, ctypes.c_uint]
    at_cwd, swap_names = -100, 2  # AT_FDCWD, RENAME_EXCHANGE

    def swap(spare: str, target: str) -> bool:
        """True when swapped; False when there is no target to swap with."""
        if renameat2(at_cwd, os.fsencode(spare), at_cwd, os.fsencode(target), swap_names) == 0:
            return True
        error = ctypes.get_errno()
        if error == errno.ENOENT and os.path.lexists(spare):
            return False
        raise OSError(error, os.strerror(error), target)

    return swap
