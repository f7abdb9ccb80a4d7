"""Orchestration: ingest runs into the store, the Dask runner, Parquet shards."""
