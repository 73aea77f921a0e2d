"""Viewpoints: the discussion's main positions as groups of comments (ADR 0025).

Comments become vectors by TF-IDF over words and bigrams (sublinear counts), reduced by
TruncatedSVD (latent semantic analysis) and normalised, so that paraphrases sharing a few terms
land close; k-means groups them, k chosen by the silhouette score. A comment far from its
group's centre, or in a group too small to be a position, is "other". Each group is labelled
by its most distinctive terms (class-based TF-IDF: a term's weight in the group against the
rest) and represented by the comments nearest its centre: typical, not extreme. A small
discussion (fewer than SMALL comments) is clustered by average-linkage agglomerative clustering
on cosine distance instead, and two comments can make a group.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass

import numpy as np
from numpy.typing import NDArray
from sklearn.cluster import HDBSCAN, AgglomerativeClustering, KMeans
from sklearn.decomposition import TruncatedSVD
from sklearn.feature_extraction.text import CountVectorizer, TfidfVectorizer
from sklearn.metrics import silhouette_score
from sklearn.preprocessing import normalize

from rejoinder.insight.model import InsightComment, Viewpoint
from rejoinder.insight.text import STOP_WORDS, TOKEN_PATTERN

Vectors = NDArray[np.float64]
Labels = NDArray[np.int64]
Clusterer = Callable[[Vectors], Labels]

MIN_COMMENTS = 8  # fewer: no viewpoints, a note says so
SVD_DIMENSIONS = 100
MAX_GROUPS = 8
SILHOUETTE_SAMPLE = 2000  # silhouette is quadratic: scored on a seeded sample
SILHOUETTE_MARGIN = 0.02  # a larger k must beat the best smaller one by this much
MIN_SIMILARITY = 0.3  # cosine to the group's centre below this: the comment is "other"
MIN_GROUP_SHARE = 0.04  # a group smaller than this share of the comments is "other"
MIN_GROUP_SIZE = 3
SMALL = 50  # fewer comments: average-linkage clustering, groups of 2 (ADR 0025, small pages)
SMALL_MIN_GROUP_SIZE = 2
REPRESENTATIVES = 3
LABEL_TERMS = 3
LABEL_MAX_SHARE = 0.3  # a term in more of the comments than this labels no group
SEED = 0
OTHER = -1


@dataclass(frozen=True)
class Grouping:
    viewpoints: tuple[Viewpoint, ...]
    other_ids: tuple[int, ...]
    notes: tuple[str, ...] = ()


def tfidf_vectors(texts: Sequence[str]) -> Vectors:
    """LSA vectors, one unit row a text (a zero row when a text has no term at all)."""
    vectorizer = TfidfVectorizer(
        ngram_range=(1, 2),
        sublinear_tf=True,
        stop_words=sorted(STOP_WORDS),
        token_pattern=TOKEN_PATTERN,
        min_df=2 if len(texts) >= 50 else 1,
        max_df=0.6,
        max_features=50_000,
        dtype=np.float64,
    )
    try:
        matrix = vectorizer.fit_transform(texts)
    except ValueError:  # every text is stop words only
        return np.zeros((len(texts), 1))
    dimensions = min(SVD_DIMENSIONS, matrix.shape[1] - 1, len(texts) - 1)
    if dimensions < 2:
        return np.asarray(normalize(matrix.toarray()), dtype=np.float64)
    svd = TruncatedSVD(dimensions, random_state=SEED, algorithm="randomized", n_iter=5)
    return np.asarray(normalize(svd.fit_transform(matrix)), dtype=np.float64)


def kmeans_by_silhouette(vectors: Vectors) -> Labels:
    """k-means for k = 2..MAX_GROUPS, the k with the best silhouette (cosine) winning.

    k is chosen on a seeded sample of at most SILHOUETTE_SAMPLE rows (silhouette is quadratic),
    then the chosen k is fitted on every row.
    """
    rng = np.random.default_rng(SEED)
    sample = vectors
    if len(vectors) > SILHOUETTE_SAMPLE:
        sample = vectors[np.sort(rng.choice(len(vectors), SILHOUETTE_SAMPLE, replace=False))]
    best: tuple[float, int] | None = None
    if len(vectors) < SMALL:
        return average_linkage_by_silhouette(vectors)
    for k in range(2, min(MAX_GROUPS, len(sample) // MIN_GROUP_SIZE) + 1):
        labels = KMeans(k, n_init=3, random_state=SEED).fit_predict(sample)
        if len(set(labels.tolist())) < 2:
            continue
        score = float(silhouette_score(sample, labels, metric="cosine"))
        if best is None or score > best[0] + SILHOUETTE_MARGIN:
            best = (score, k)
    if best is None:
        return np.zeros(len(vectors), dtype=np.int64)
    if sample is vectors:
        return np.asarray(KMeans(best[1], n_init=3, random_state=SEED).fit_predict(vectors))
    return np.asarray(KMeans(best[1], n_init=1, random_state=SEED).fit_predict(vectors))


def average_linkage_by_silhouette(vectors: Vectors) -> Labels:
    """Average-linkage clustering on cosine distance, k = 2..MAX_GROUPS by silhouette.

    For small discussions only (quadratic memory); rows without any term are OTHER.
    """
    labels = np.full(len(vectors), OTHER, dtype=np.int64)
    rows = np.flatnonzero(np.linalg.norm(vectors, axis=1) > 0)
    best: tuple[float, Labels] | None = None
    for k in range(2, min(MAX_GROUPS, len(rows) // SMALL_MIN_GROUP_SIZE) + 1):
        found = AgglomerativeClustering(k, metric="cosine", linkage="average").fit_predict(
            vectors[rows]
        )
        score = float(silhouette_score(vectors[rows], found, metric="cosine"))
        if best is None or score > best[0]:
            best = (score, np.asarray(found, dtype=np.int64))
    if best is not None:
        labels[rows] = best[1]
    return labels


def agglomerative_by_silhouette(vectors: Vectors) -> Labels:
    """Ward clustering (quadratic memory: for comparison on small discussions)."""
    best: tuple[float, Labels] | None = None
    for k in range(2, min(MAX_GROUPS, len(vectors) // MIN_GROUP_SIZE) + 1):
        labels = AgglomerativeClustering(k).fit_predict(vectors)
        score = float(silhouette_score(vectors, labels, metric="cosine"))
        if best is None or score > best[0]:
            best = (score, np.asarray(labels, dtype=np.int64))
    return best[1] if best is not None else np.zeros(len(vectors), dtype=np.int64)


def hdbscan(vectors: Vectors) -> Labels:
    """Density clusters; -1 is noise."""
    size = max(MIN_GROUP_SIZE, len(vectors) // 40)
    return np.asarray(
        HDBSCAN(min_cluster_size=size, copy=True).fit_predict(vectors), dtype=np.int64
    )


def assign(vectors: Vectors, labels: Labels) -> Labels:
    """Labels with the outliers and the too-small groups set to OTHER, renumbered by size."""
    labels = labels.copy()
    for label in sorted(set(labels.tolist()) - {OTHER}):
        members = labels == label
        centre = normalize(vectors[members].mean(axis=0, keepdims=True))[0]
        far = members & (vectors @ centre < MIN_SIMILARITY)
        labels[far] = OTHER
    smallest = min_group_size(len(labels))
    sizes = {lb: int((labels == lb).sum()) for lb in set(labels.tolist()) - {OTHER}}
    kept = sorted((lb for lb, n in sizes.items() if n >= smallest), key=lambda lb: -sizes[lb])
    renumbered = np.full(len(labels), OTHER, dtype=np.int64)
    for new, old in enumerate(kept):
        renumbered[labels == old] = new
    return renumbered


def min_group_size(count: int) -> int:
    """The fewest comments a viewpoint has: 2 in a small discussion, else 4 % (at least 3)."""
    if count < SMALL:
        return SMALL_MIN_GROUP_SIZE
    return max(MIN_GROUP_SIZE, int(np.ceil(MIN_GROUP_SHARE * count)))


def group_labels(vectors: Vectors, clusterer: Clusterer = kmeans_by_silhouette) -> Labels:
    """Cluster ids per row (OTHER for "fits no group"), deterministic for the same vectors."""
    if len(vectors) < MIN_COMMENTS:
        return np.full(len(vectors), OTHER, dtype=np.int64)
    return assign(vectors, clusterer(vectors))


def distinctive_terms(texts: Sequence[str], labels: Labels, limit: int = LABEL_TERMS) -> list[str]:
    """Per group, its `limit` most distinctive terms (c-TF-IDF), joined with " · "."""
    groups = sorted(set(labels.tolist()) - {OTHER})
    if not groups:
        return []
    counter = CountVectorizer(
        ngram_range=(1, 2),
        stop_words=sorted(STOP_WORDS),
        token_pattern=TOKEN_PATTERN,
        max_df=LABEL_MAX_SHARE if len(texts) >= 20 else 1.0,  # the story's subject: every side
    )
    try:
        counts = counter.fit_transform(texts)
    except ValueError:
        return ["" for _ in groups]
    vocabulary = counter.get_feature_names_out()
    per_group = np.vstack([np.asarray(counts[labels == g].sum(axis=0)).ravel() for g in groups])
    frequency = per_group / np.maximum(per_group.sum(axis=1, keepdims=True), 1)
    average = per_group.sum() / len(groups)
    idf = np.log1p(average / np.maximum(per_group.sum(axis=0), 1))
    weights = frequency * idf
    return [_label(weights[row], vocabulary, limit) for row in range(len(groups))]


def _label(weights: NDArray[np.float64], vocabulary: NDArray[np.str_], limit: int) -> str:
    chosen: list[str] = []
    for index in np.lexsort((vocabulary, -weights)):
        if weights[index] <= 0 or len(chosen) == limit:
            break
        term = str(vocabulary[index])
        if any(term in c.split() or c in term.split() for c in chosen):
            continue  # "china" beside "china enemy" says nothing new
        chosen.append(term)
    return " · ".join(chosen)


def find_viewpoints(
    comments: Sequence[InsightComment],
    *,
    vectors: Vectors | None = None,
    clusterer: Clusterer = kmeans_by_silhouette,
) -> Grouping:
    """The viewpoints of `comments` (sorted by id); `vectors` replace the TF-IDF ones."""
    ordered = sorted(comments, key=lambda c: c.id)
    if len(ordered) < MIN_COMMENTS:
        return Grouping((), tuple(c.id for c in ordered), ("few_comments",))
    texts = [c.text for c in ordered]
    if vectors is None:
        vectors = tfidf_vectors(texts)
    labels = group_labels(vectors, clusterer)
    names = distinctive_terms(texts, labels)
    likes = sum(max(c.like_count, 0) for c in ordered)
    viewpoints = tuple(
        _viewpoint(ordered, vectors, labels == group, name, likes)
        for group, name in enumerate(names)
    )
    others = tuple(c.id for c, label in zip(ordered, labels, strict=True) if label == OTHER)
    notes = () if viewpoints else ("no_groups",)
    return Grouping(viewpoints, others, notes)


def _viewpoint(
    ordered: Sequence[InsightComment],
    vectors: Vectors,
    members: NDArray[np.bool_],
    label: str,
    likes: int,
) -> Viewpoint:
    indices = np.flatnonzero(members)
    centre = normalize(vectors[indices].mean(axis=0, keepdims=True))[0]
    closeness = vectors[indices] @ centre
    ids = [ordered[int(i)].id for i in indices]
    nearest = sorted(range(len(indices)), key=lambda j: (-round(float(closeness[j]), 9), ids[j]))
    group_likes = sum(max(ordered[int(i)].like_count, 0) for i in indices)
    return Viewpoint(
        label=label,
        share=len(indices) / len(ordered),
        like_share=group_likes / likes if likes else 0.0,
        comment_ids=tuple(ids),
        representative_ids=tuple(ids[j] for j in nearest[:REPRESENTATIVES]),
    )
