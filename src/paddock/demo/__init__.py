"""The demo data set: `python -m paddock demo` builds it (see `builder.build_demo`)."""
