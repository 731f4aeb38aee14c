"""The Discord front end: a ``commands.Bot`` whose features live in cogs.

It only presents what :class:`~bot.service.QAService` and :class:`~bot.ingest.pipeline.Indexer`
produce; every blocking call into them runs in a worker thread so the gateway heartbeat and
interaction acknowledgements never wait for embedding, Chroma or a language model.
"""
