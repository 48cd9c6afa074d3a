"""The Redress benchmark suite: data generator, load generator and the side-by-side run.

`make bench` (see the README) runs `python -m bench`; nothing here is imported by the app.
"""
