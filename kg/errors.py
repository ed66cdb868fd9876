"""Errors a user can cause, each with its exit code (documented in the README).

The CLI prints ``kg: <message>`` on one line and exits with ``exit_code``;
anything else is a bug and shows a traceback only with ``--debug``.
"""

from __future__ import annotations


class KgError(Exception):
    """Base class: a problem to report to the user in one line."""

    exit_code = 1


class UsageError(KgError):
    """Bad arguments: unknown format, unknown query name, bad option values."""

    exit_code = 2


class InputError(KgError):
    """An input file is missing, unreadable, binary or not parseable."""

    exit_code = 3


class QueryError(KgError):
    """A SPARQL query does not parse or fails to run."""

    exit_code = 4


class StoreError(KgError):
    """The store or endpoint cannot be opened, is locked or unreachable."""

    exit_code = 5


class OutputError(KgError):
    """The output cannot be written."""

    exit_code = 6


class PartialFailure(KgError):
    """Some inputs of a multi-file build failed; the others were built."""

    exit_code = 7


class Terminated(BaseException):
    """SIGTERM (``kill``, a service manager stopping kg), raised like Ctrl-C's
    KeyboardInterrupt, so that the ``finally`` blocks and clean-ups run: a build
    ends its workers and closes the store (every document written so far kept),
    :func:`kg.formats.atomic_output` removes its hidden ``.tmp`` file, a query's
    worker process is stopped; kg exits with 143 (128 + 15).

    A BaseException, like KeyboardInterrupt: ``except Exception`` does not swallow it.
    """

    exit_code = 143
