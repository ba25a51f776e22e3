"""Work derived from saved rows (ranks, search documents), done once per transaction.

A signal handler calls `rebuild_on_commit(rebuild, keys)` instead of rebuilding at once:
inside a transaction (an import, a cascade, `loaddata`, an admin save) the keys of every
call with the same `rebuild` are collected in one set, and `rebuild(keys)` runs once, when
the transaction commits. Outside one (autocommit) it runs at once. A rolled-back
transaction rebuilds nothing, as nothing changed.

`ALL` stands for every row: once one call asks for it, the others' keys don't matter.

Tests run inside a transaction that never commits, so the suite's conftest sets
`AT_ONCE` (each call rebuilds at once, as before batching) for every test but those that
test the batching itself.
"""

import threading

from django.db import DEFAULT_DB_ALIAS, connections, transaction

from . import pagecache

ALL = object()
AT_ONCE = False

_pending = threading.local()


def _sets(using):
    """{rebuild: keys} waiting for this connection's transaction to commit."""
    by_connection = getattr(_pending, "by_connection", None)
    if by_connection is None:
        by_connection = _pending.by_connection = {}
    return by_connection.setdefault(using, {})


def rebuild_on_commit(rebuild, keys=ALL, using=DEFAULT_DB_ALIAS):
    """Call `rebuild(keys)` (or `rebuild(ALL)`) once, when the current transaction commits."""
    keys = keys if keys is ALL else set(keys)
    if keys is not ALL and not keys:
        return
    connection = connections[using]
    if AT_ONCE or not connection.in_atomic_block:
        rebuild(keys)
        if not connection.in_atomic_block:
            # Autocommit: the change's own new content version started at its save, before
            # this rebuild; a page rendered in between shows the old derived rows.
            pagecache.bump()
        return
    pending = _sets(using)
    callback, waiting = pending.get(rebuild, (None, None))
    # A rollback drops our callback from the connection's list: then start afresh.
    if not any(func is callback for _, func, _ in connection.run_on_commit):
        waiting = set()

        def callback():
            _, collected = pending.pop(rebuild)
            with transaction.atomic(using=using):
                rebuild(collected)
            # The change's own commit already started a new content version, before
            # this rebuild: a page rendered in between shows the old ranks, so start
            # another one now that the derived rows are right too.
            pagecache.bump()

        transaction.on_commit(callback, using=using)
    pending[rebuild] = (callback, ALL if keys is ALL or waiting is ALL else waiting | keys)
