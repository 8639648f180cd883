"""The Dask engine: the same chunks and the same cleaning function, run on a Dask cluster.

This process still reads the inputs and writes the outputs, in the same formats and in
the same order as the local engine, so the bytes are the same; the cluster only cleans.
Each Dask worker process builds its Cleaner on its first chunk and keeps it.
"""

from __future__ import annotations

from collections.abc import Callable
from types import TracebackType

from distributed import Client, LocalCluster

from newsclean.batch import Chunk, ChunkResult, CleanOptions, clean_chunk


class DaskEngine:
    """Cleans chunks on the cluster at `scheduler`, or on a local cluster of `workers` processes."""

    def __init__(self, scheduler: str | None, workers: int) -> None:
        # One thread per worker process: cleaning is pure Python, so threads would share one core.
        self.cluster = None
        if scheduler is None:
            self.cluster = LocalCluster(n_workers=workers, threads_per_worker=1, dashboard_address=None)
        self.client = Client(scheduler or self.cluster)
        self.window = 2 * max(1, sum(self.client.nthreads().values()))

    def submit(self, chunk: Chunk, options: CleanOptions) -> Callable[[], ChunkResult]:
        # pure=False: chunks are not worth hashing for a cache key, and equal chunks are still two tasks.
        return self.client.submit(clean_chunk, chunk, options, pure=False).result

    def __enter__(self) -> DaskEngine:
        return self

    def __exit__(
        self, kind: type[BaseException] | None, error: BaseException | None, trace: TracebackType | None
    ) -> None:
        self.client.close()
        if self.cluster is not None:
            self.cluster.close()
