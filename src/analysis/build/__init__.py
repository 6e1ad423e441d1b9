"""The build: per-article jobs and their cache, executors (local pool, Dask), ingestion of a raw
folder with its metadata, and the pipeline that writes the processed tables."""
