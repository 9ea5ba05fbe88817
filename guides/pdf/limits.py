"""Running one rendering in a child process with a time and a memory limit.

The child is forked, so it starts with Django set up and the settings of the
moment (``override_settings`` included), and it touches no database. Its
address space may grow by ``memory_mb`` over what it had when forked
(``RLIMIT_AS``); it is killed after ``timeout`` seconds. Either way the caller
gets a ``RenderError`` with a plain message, never a half-written PDF.
"""

import multiprocessing
import resource
import traceback
from collections.abc import Callable
from multiprocessing.connection import Connection
from typing import Any

from .base import RenderError, RenderResult

MB = 1024 * 1024


def address_space_bytes() -> int:
    """The virtual memory size of this process, from ``/proc/self/statm``."""
    with open("/proc/self/statm") as statm:  # noqa: PTH123
        pages = int(statm.read().split()[0])
    return pages * resource.getpagesize()


def _child(conn: Connection, memory_mb: int, target: Callable[..., RenderResult], args) -> None:
    limit = address_space_bytes() + memory_mb * MB
    resource.setrlimit(resource.RLIMIT_AS, (limit, limit))
    try:
        conn.send(("ok", target(*args)))
    except MemoryError:
        conn.send(("memory", None))
    except RenderError as error:
        conn.send(("error", str(error)))
    except Exception:  # noqa: BLE001 - any failure of the renderer becomes "failed"
        conn.send(("error", traceback.format_exc(limit=-3)))
    finally:
        conn.close()


def run_limited(
    target: Callable[..., RenderResult], args: tuple[Any, ...], timeout: float, memory_mb: int
) -> RenderResult:
    """Call ``target(*args)`` in a forked child; its result, or ``RenderError``."""
    receiver, sender = multiprocessing.get_context("fork").Pipe(duplex=False)
    child = multiprocessing.get_context("fork").Process(
        target=_child, args=(sender, memory_mb, target, args), daemon=True
    )
    child.start()
    sender.close()
    try:
        if not receiver.poll(timeout):
            raise RenderError(f"The PDF took longer than {timeout:g} seconds and was stopped.")
        kind, value = receiver.recv()
    except EOFError:
        raise RenderError("The PDF renderer stopped without a result.") from None
    finally:
        receiver.close()
        if child.is_alive():
            child.kill()
        child.join()
    if kind == "memory":
        raise RenderError(f"The PDF needed more than {memory_mb} MB of memory and was stopped.")
    if kind == "error":
        raise RenderError(f"The PDF could not be made: {value}")
    return value
