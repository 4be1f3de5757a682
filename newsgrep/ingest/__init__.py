"""Stage 1, ingest: corpus files in, `Article`s out.

`sources` finds the page files, decodes them and reads sidecar metadata; `parsing` cuts one
decoded page into articles. Pure text work: nothing here touches an index.
"""
