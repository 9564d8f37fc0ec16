"""Grading on a Dask cluster: the workers run sandboxed kernels, the grading process judges.

With DASK_SCHEDULER=tcp://host:port, `make autograde` sends each submission to the cluster:

    grading process (trusted; judges, writes the gradebook)          Dask worker (runs student code, sandboxed)
    steps.py    what the kernel will be asked, cell by cell    ->    task.py         runs those steps in a kernel of
    files.py    the submission folder's files, as bytes        ->                    this worker's pool; plain results
    replay.py   grade_cells() judges the results that come back <-   worker_pool.py  one warm SandboxPool per worker
    client.py   connects, installs the pool, submits, converts futures
    runs.py     the runs as nbgrader's Execute step takes them

The worker never judges and never sees a hidden test: it gets the code cells
to run and, for each test cell, only the plain facts request. The grading
process runs the same `grade_cells` as on one machine, against the recorded
results, so the grades are the same by construction; nbgrader then records
them from this one process, as without a cluster.
"""
