"""The C heap of a long-lived process (API and workers): glibc's malloc only.

Python's small objects live in its own arenas, but every larger allocation
(and those arenas themselves) comes from glibc's malloc, which keeps what is
freed for reuse instead of handing it back to the system."""

from __future__ import annotations

import ctypes
import os

M_TRIM_THRESHOLD, M_MMAP_THRESHOLD, M_ARENA_MAX = -1, -3, -8  # glibc's mallopt (malloc.h)
LARGE_BLOCK = 128 * 1024  # glibc's own starting threshold for both


def one_malloc_arena() -> bool:
    """Every thread of the process allocates from one glibc arena, as
    MALLOC_ARENA_MAX=1 does (an operator's MALLOC_ARENA_MAX is left as set).

    glibc gives each thread that allocates its own arena (up to 8 per core):
    in a worker the provider loops' two threads and SendGrid's eight pool
    threads, in an API process gunicorn's request threads. A
    thread arena keeps what it has freed resident, so the large strings of a
    send job (a SendGrid request's JSON, ~1 MB for 500 emails; HTTP answers)
    held ~3-4 MB more at peak, spread over ten heaps. The GIL already
    serialises nearly all of these allocations, so one arena's lock costs
    nothing measurable. Called before any thread starts; False where the C
    library is not glibc."""
    if os.environ.get("MALLOC_ARENA_MAX"):
        return False
    try:
        return bool(ctypes.CDLL("libc.so.6").mallopt(M_ARENA_MAX, 1))
    except (OSError, AttributeError):
        return False


def map_large_blocks() -> bool:
    """Blocks of 128 KiB and more come from their own mappings, handed back when freed,
    and a free top of the heap over 128 KiB is handed back too: glibc starts so, then
    raises both (up to 32 and 64 MiB) after the first such block is freed, so that the
    large transient buffers of a start-up (the linter's dictionaries and rule files read
    and parsed) stay in the heap. In an API process the peak RSS, start-up included
    (VmHWM), was 129-131 MB with glibc's default and 124 MB with this (PostgreSQL, a
    100,000-customer POST; the POST itself as fast). Called before the app is built;
    False where the C library is not glibc."""
    try:
        libc = ctypes.CDLL("libc.so.6")
        return bool(libc.mallopt(M_MMAP_THRESHOLD, LARGE_BLOCK)
                    and libc.mallopt(M_TRIM_THRESHOLD, LARGE_BLOCK))
    except (OSError, AttributeError):
        return False


def release_free_heap() -> bool:
    """Hand the free memory at the top and inside the heap back to the system
    (glibc's malloc_trim(0)), once, after a start-up that allocated much and kept
    little. In an API process the linter's warm-up reads its dictionaries and rule
    files and builds compact tables from them: ~11 MB of what it freed stayed
    resident in the heap (131 -> 120 MB RSS measured after create_app and
    warm-up). False where the C library is not glibc."""
    try:
        return bool(ctypes.CDLL("libc.so.6").malloc_trim(0))
    except (OSError, AttributeError):
        return False
