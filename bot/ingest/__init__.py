"""Ingestion: files of the knowledge folder → clean documents → passages → the index."""
