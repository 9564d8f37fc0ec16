"""The batch's runs on a Dask cluster, as nbgrader's Execute step takes them (a PreparedRuns).

    runs = cluster.prepared_runs()
    runs.start("ada", cells, Path("submitted/ada/02_sequential_model"))   # on a worker, judged here
    runs.take("ada", cells)                                               # SandboxedExecute: that run's Future

A notebook that nbgrader sanitized otherwise than the batch did runs again on
the cluster, from the same submitted folder, rather than on this machine.
"""

from __future__ import annotations

from concurrent.futures import Future
from pathlib import Path

from ..pipeline.prepared_runs import PreparedRuns


class ClusterRuns(PreparedRuns):
    def __init__(self, cluster):
        super().__init__(pool=None, opening=None)
        self.cluster = cluster  # client.ClusterKernels
        self._folders: dict[str, Path] = {}

    def start(self, student: str, cells: list, folder: Path) -> Future:
        """Send the submission to a worker; the Future of its GradedCells."""
        run = self.cluster.submit(cells, folder)
        self.add(student, cells, run)
        self._folders[student] = Path(folder)
        return run

    def take(self, student: str | None, cells: list) -> Future | None:
        run = super().take(student, cells)
        if run is None and student in self._folders:  # other cells than the batch ran: run these on the cluster
            run = self.cluster.submit(cells, self._folders[student])
        return run

    def ready_pool(self):
        raise RuntimeError("the batch grades on a Dask cluster: it has no pool on this machine")
