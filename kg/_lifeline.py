"""The forkserver of ``kg build --jobs N`` dies with the kg process that started it.

:func:`kg.build._pool_context` lists this module first among the modules the
multiprocessing forkserver imports, and puts the kg process id in
``KG_BUILD_PID``; imported there, in a process whose parent is that kg
process, it asks Linux to kill it when kg ends (``PR_SET_PDEATHSIG``). Without
this, a ``kg build --jobs 2`` killed with SIGKILL left its forkserver and
workers running for good. Imported anywhere else it does nothing.
"""

from __future__ import annotations

import os

from .processes import die_with_parent

_parent = os.environ.get("KG_BUILD_PID")
if _parent and _parent == str(os.getppid()):
    die_with_parent()
    if str(os.getppid()) != _parent:  # kg ended before the request was made
        os._exit(1)
