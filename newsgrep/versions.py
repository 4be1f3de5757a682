"""Version stamps written into every index, kept import-free so readers can check them
without loading Whoosh or jieba."""

# Bump when the index layout changes: an index of another format must be rebuilt.
INDEX_FORMAT = 14
# Bump when segmentation or folding changes: an index made otherwise must be rebuilt.
ANALYSER_VERSION = "jieba-0.42-nohmm-fold2-min2"
