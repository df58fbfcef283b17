"""Benchmark of the knowledge base on synthetic testimonials (``make bench``)."""
