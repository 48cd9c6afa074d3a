"""Group complaints whose text is similar, in any language, without word lists.

Pure code: texts in, cluster labels out; no database. Texts become character
n-gram TF-IDF vectors (``analyzer="char_wb"``), which need no tokeniser or stop
words and so work the same for Thai (no spaces between words), Bengali,
Croatian, Swedish and English. The vectors are reduced with a truncated SVD
(latent semantic analysis) and grouped with k-means on the unit sphere; the
number of groups grows with the number of texts. bench/clustering.py measured
this against a cosine-similarity graph with connected components on real
complaints (see bench/RESULTS.md): the graph chains unrelated complaints into
one giant component, k-means does not.
"""

from __future__ import annotations

import math
import re
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

# numpy and scikit-learn (about 100 MB) are imported where the clustering runs, not when
# the app loads: every web worker imports this module through the task registry.
if TYPE_CHECKING:
    import numpy as np
    from sklearn.feature_extraction.text import TfidfVectorizer

# Runs of a letter repeated, CFPB's "XXXX" redactions, digits: noise, not topic.
_NOISE = re.compile(r"(x{2,}|\d+)", re.IGNORECASE)


@dataclass(frozen=True)
class ClusterParams:
    ngram_range: tuple[int, int] = (3, 5)
    min_df: int = 2
    max_df: float = 0.5
    max_features: int = 20_000
    svd_components: int = 50
    # The start of a complaint says what it is about; a bound keeps the cost per text fixed.
    max_chars: int = 1_000
    # k = scale × √(n/2) groups (half the usual rule of thumb: it scored best in
    # bench/clustering.py), within [min_clusters, max_clusters].
    scale: float = 0.5
    min_clusters: int = 2
    max_clusters: int = 200
    random_state: int = 0


@dataclass
class TextClusters:
    """labels[i] is the group of texts[i]; central[g] the index of g's most typical text."""

    labels: list[int]
    central: dict[int, int] = field(default_factory=dict)
    top_terms: dict[int, list[str]] = field(default_factory=dict)
    cohesion: dict[int, float] = field(default_factory=dict)


def prepare(text: str) -> str:
    return _NOISE.sub(" ", text.casefold())


def cluster_count(n: int, params: ClusterParams) -> int:
    k = math.ceil(params.scale * math.sqrt(n / 2))
    return max(params.min_clusters, min(params.max_clusters, k))


def vectorise(texts: Sequence[str], params: ClusterParams) -> tuple[Any, TfidfVectorizer]:
    """The sparse TF-IDF matrix of `texts` (one row each) and the fitted vectoriser."""
    import numpy as np
    from sklearn.feature_extraction.text import TfidfVectorizer

    vectorizer = TfidfVectorizer(
        analyzer="char_wb",
        ngram_range=params.ngram_range,
        sublinear_tf=True,
        min_df=min(params.min_df, max(1, len(texts) // 2)),
        max_df=params.max_df if len(texts) > 20 else 1.0,
        max_features=params.max_features,
        preprocessor=lambda text: prepare(text[: params.max_chars]),
        dtype=np.float32,
    )
    tfidf = vectorizer.fit_transform(texts)
    return tfidf, vectorizer


def cluster_texts(texts: Sequence[str], params: ClusterParams | None = None) -> TextClusters:
    """Group `texts` by character n-gram similarity. Deterministic for the same input."""
    import numpy as np
    from sklearn.cluster import KMeans, MiniBatchKMeans
    from sklearn.decomposition import TruncatedSVD
    from sklearn.preprocessing import normalize

    params = params or ClusterParams()
    n = len(texts)
    if n == 0:
        return TextClusters(labels=[])
    if n < 3:
        return TextClusters(labels=list(range(n)), central={i: i for i in range(n)})
    tfidf, vectorizer = vectorise(texts, params)
    components = min(params.svd_components, tfidf.shape[1] - 1, n - 1)
    if components >= 2:
        svd = TruncatedSVD(n_components=components, random_state=params.random_state)
        points = normalize(svd.fit_transform(tfidf))
    else:
        points = normalize(tfidf.toarray())
    k = min(cluster_count(n, params), n)
    model: KMeans | MiniBatchKMeans
    if n > 5_000:
        model = MiniBatchKMeans(
            n_clusters=k, random_state=params.random_state, n_init=3, batch_size=2048
        )
    else:
        model = KMeans(n_clusters=k, random_state=params.random_state, n_init=3)
    labels = model.fit_predict(points)
    centres = normalize(model.cluster_centers_)
    result = TextClusters(labels=[int(x) for x in labels])
    terms = vectorizer.get_feature_names_out()
    overall = np.asarray(tfidf.mean(axis=0)).ravel()
    for g in range(k):
        idx = np.flatnonzero(labels == g)
        if idx.size == 0:
            continue
        sims = points[idx] @ centres[g]
        result.central[g] = int(idx[int(np.argmax(sims))])
        result.cohesion[g] = float(sims.mean())
        # What sets the group apart: n-grams heavier in it than in all the texts.
        weights = np.asarray(tfidf[idx].mean(axis=0)).ravel() - overall
        result.top_terms[g] = _distinct_terms(terms, np.argsort(weights)[::-1], 5)
    return result


def _overlap_merge(a: str, b: str) -> str | None:
    """a and b joined where b is a shifted by one n-gram step (all but one char overlap)."""
    size = min(len(a), len(b)) - 1
    if size >= 3:
        if a.endswith(b[:size]):
            return a + b[size:]
        if b.endswith(a[:size]):
            return b + a[size:]
    return None


def _distinct_terms(terms: np.ndarray, order: np.ndarray, limit: int) -> list[str]:
    """The heaviest n-grams as readable fragments: n-grams that overlap are joined
    ("otrev" + "trevl" + "evlig" → "otrevlig"), contained ones skipped, and none with a
    word edge inside or starting with a combining mark (a Thai vowel or tone sign)."""
    chosen: list[str] = []
    for i in order[: limit * 50]:
        term = str(terms[i]).strip()
        if len(term) < 3 or " " in term or unicodedata.category(term[0]).startswith("M"):
            continue
        if any(term in c for c in chosen):
            continue
        for j, c in enumerate(chosen):
            merged = _overlap_merge(c, term)
            if merged is not None:
                chosen[j] = merged
                break
        else:
            if len(chosen) < limit:
                chosen.append(term)
    return [c for c in chosen if not any(c != o and c in o for o in chosen)]
