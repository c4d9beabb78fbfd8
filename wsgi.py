"""WSGI entry point for any server: `gunicorn wsgi:app`."""

from gateway.heap import map_large_blocks, one_malloc_arena, release_free_heap

one_malloc_arena()  # before the server's request threads start (gateway/heap.py)
map_large_blocks()  # large transient buffers go back to the system when freed

from gateway import create_app  # noqa: E402
from gateway.messages.lint import warm_up  # noqa: E402

app = create_app()
warm_up()  # each server process loads the linter at start, not in its first POST
release_free_heap()  # what the warm-up freed goes back to the system (~11 MB)
