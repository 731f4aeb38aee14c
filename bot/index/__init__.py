"""Storage shared by the indexer (writer) and the retriever (readers): Chroma, BM25, locks."""
