"""Corpus mode: plain functions over batches of records, no I/O inside.

sources (files → :class:`RawRecord`) and the store sit at the edges; extract,
dedup, cluster and timeline are stages the local and Spark engines both call.
"""
