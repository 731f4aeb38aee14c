"""Serving-side retrieval: dense + BM25, fused by reciprocal rank."""
