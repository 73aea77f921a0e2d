"""A small per-site head that learns a newsroom's line from its moderators' decisions.

The head is an L2-regularised logistic regression over the fast linear model's own inputs: its
hashed word and character n-grams and its three category logits. The fast toxicity logit is an
offset, so the head learns only where the site's moderators disagree with the base model. At run
time its verdict becomes a bounded shift of the final toxicity score:

    shift = clip(sigmoid(offset + head(x)) - sigmoid(offset), -max_lower, +max_raise)

The shift is added to whatever the pipeline's final toxicity is (the cascade's blend in the
accurate modes), so thresholds keep their meaning and the head can move a score by a bounded
amount only. Insult, identity attack and profanity are never touched: no site model can excuse a
slur. Numpy only; the weights are an .npz (no pickles), kept in the database.
"""

from __future__ import annotations

import hashlib
import io
import math
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field

import numpy as np
import numpy.typing as npt

from rejoinder.moderation.evaluation.metrics import roc_auc
from rejoinder.moderation.features import features
from rejoinder.moderation.linear import LinearModel
from rejoinder.moderation.settings import SITE_LEARNING_MAX_LOWER, SITE_LEARNING_MAX_RAISE

Floats = npt.NDArray[np.float64]
Ints = npt.NDArray[np.int64]

ADJUSTED = "toxicity"  # the only category a site model moves
LOGIT_INPUTS = ("toxicity", "insult", "identity_attack")  # the fast model's logits it reads
LOGIT_CLIP = 9.0  # keeps a saturated base score from dominating the fit
HARD_MAX_RAISE = SITE_LEARNING_MAX_RAISE  # no setting lets a site model move a score further
HARD_MAX_LOWER = SITE_LEARNING_MAX_LOWER


@dataclass(frozen=True)
class TrainingOptions:
    l2_choices: tuple[float, ...] = (3e-3, 1e-3, 3e-4)  # picked on the last fifth of training
    min_document_frequency: int = 2  # an n-gram seen in one comment only teaches nothing
    newton_steps: int = 10
    cg_steps: int = 20
    tolerance: float = 1e-5


@dataclass(frozen=True)
class Encoded:
    """Comments as the head sees them: a CSR matrix of base n-grams and the fast logits."""

    indptr: Ints
    ids: Ints
    values: Floats
    logits: Floats  # (n, len(LOGIT_INPUTS))

    @property
    def size(self) -> int:
        return len(self.indptr) - 1

    def take(self, rows: Ints) -> Encoded:
        starts, ends = self.indptr[rows], self.indptr[rows + 1]
        picked = [np.arange(s, e) for s, e in zip(starts.tolist(), ends.tolist(), strict=True)]
        flat = np.concatenate(picked) if picked else np.zeros(0, dtype=np.int64)
        indptr = np.concatenate([[0], np.cumsum(ends - starts)]).astype(np.int64)
        return Encoded(indptr, self.ids[flat], self.values[flat], self.logits[rows])


def encode(texts: Sequence[str], linear: LinearModel) -> Encoded:
    """The base model's features and fast logits of each text (one featurisation per text)."""
    ids: list[Ints] = []
    values: list[Floats] = []
    logits = np.zeros((len(texts), len(LOGIT_INPUTS)), dtype=np.float64)
    columns = [linear.categories.index(c) for c in LOGIT_INPUTS]
    for row, text in enumerate(texts):
        index, weights = features(text, linear.config)
        ids.append(index.astype(np.int64))
        values.append(weights.astype(np.float64))
        raw = weights @ linear.weights[index][:, columns] + linear.bias[columns]
        logits[row] = np.clip(raw, -LOGIT_CLIP, LOGIT_CLIP)
    lengths = np.array([len(i) for i in ids], dtype=np.int64)
    return Encoded(
        indptr=np.concatenate([[0], np.cumsum(lengths)]).astype(np.int64),
        ids=np.concatenate(ids) if ids else np.zeros(0, dtype=np.int64),
        values=np.concatenate(values) if values else np.zeros(0, dtype=np.float64),
        logits=logits,
    )


# einsum, not BLAS: on a busy 2-core machine OpenBLAS threads spinning over these small
# products made a fit 7x slower (2.3 s against 0.34 s with one thread).
def _dot(a: Floats, b: Floats) -> float:
    return float(np.einsum("i,i->", a, b))


def _rows_times(matrix: Floats, vector: Floats) -> Floats:
    result: Floats = np.einsum("ij,j->i", matrix, vector)
    return result


def _sigmoid(z: Floats) -> Floats:
    result: Floats = 0.5 * (1.0 + np.tanh(0.5 * z))  # no overflow warnings at large |z|
    return result


@dataclass(frozen=True)
class SiteHead:
    ids: Ints  # sorted base feature ids the head has a weight for
    weights: Floats
    dense: Floats  # weights of the fast logits (LOGIT_INPUTS)
    bias: float
    base_model: str  # fingerprint of the linear model it was trained over

    def raw_shift(self, encoded: Encoded) -> Floats:
        """sigmoid(offset + head) - sigmoid(offset) per row, before any cap."""
        offset = encoded.logits[:, 0]
        position = np.searchsorted(self.ids, encoded.ids)
        position = np.minimum(position, max(len(self.ids) - 1, 0))
        known = (self.ids[position] == encoded.ids) if len(self.ids) else np.zeros(0, bool)
        contribution = np.where(known, self.weights[position] if len(self.ids) else 0.0, 0.0)
        rows = np.repeat(np.arange(encoded.size), np.diff(encoded.indptr))
        sparse = np.bincount(rows, weights=contribution * encoded.values, minlength=encoded.size)
        z = offset + self.bias + _rows_times(encoded.logits, self.dense) + sparse
        shift: Floats = _sigmoid(z) - _sigmoid(offset)
        return shift

    def shifts(self, encoded: Encoded, max_raise: float, max_lower: float) -> Floats:
        raise_cap, lower_cap = capped(max_raise, max_lower)
        shifted: Floats = np.clip(self.raw_shift(encoded), -lower_cap, raise_cap)
        return shifted

    def to_bytes(self) -> bytes:
        buffer = io.BytesIO()
        np.savez_compressed(
            buffer,
            ids=self.ids.astype(np.int32),
            weights=self.weights.astype(np.float32),
            dense=self.dense.astype(np.float32),
            bias=np.array([self.bias], dtype=np.float64),
        )
        return buffer.getvalue()

    @classmethod
    def from_bytes(cls, data: bytes, base_model: str) -> SiteHead:
        """Refuses anything that is not the arrays we wrote (never unpickles)."""
        if not data.startswith(b"PK\x03\x04"):  # an .npz is a zip; a bare .npy or pickle is not
            raise ValueError("not a site model: not an .npz archive")
        try:
            with np.load(io.BytesIO(data), allow_pickle=False) as arrays:
                ids = arrays["ids"].astype(np.int64)
                weights = arrays["weights"].astype(np.float64)
                dense = arrays["dense"].astype(np.float64)
                bias = float(arrays["bias"][0])
        except (OSError, EOFError, KeyError, ValueError, IndexError) as error:
            raise ValueError(f"not a site model: {error}") from error
        ordered = bool(np.all(np.diff(ids) > 0)) if len(ids) > 1 else True
        if ids.shape != weights.shape or dense.shape != (len(LOGIT_INPUTS),) or not ordered:
            raise ValueError("not a site model: the arrays do not fit together")
        finite = np.isfinite(weights).all() and np.isfinite(dense).all() and math.isfinite(bias)
        if not finite:
            raise ValueError("not a site model: weights are not finite")
        return cls(ids, weights, dense, bias, base_model)


def capped(max_raise: float, max_lower: float) -> tuple[float, float]:
    """The caps a site asked for, never beyond the hard ones."""
    return min(max(max_raise, 0.0), HARD_MAX_RAISE), min(max(max_lower, 0.0), HARD_MAX_LOWER)


# --- training -----------------------------------------------------------------------------


@dataclass(frozen=True)
class _Problem:
    """Design matrix [1, fast logits, n-gram columns] with the offset, labels and weights."""

    rows: Ints  # row of each stored value
    columns: Ints  # head column of each stored value
    values: Floats
    dense: Floats  # (n, 1 + len(LOGIT_INPUTS))
    offset: Floats
    labels: Floats
    weights: Floats  # sample weights, summing to 1
    width: int  # number of n-gram columns

    def times(self, v: Floats) -> Floats:
        """X v (without the offset)."""
        n_dense = self.dense.shape[1]
        sparse = np.bincount(
            self.rows, weights=self.values * v[n_dense:][self.columns], minlength=len(self.offset)
        )
        result: Floats = _rows_times(self.dense, v[:n_dense]) + sparse
        return result

    def scores(self, theta: Floats) -> Floats:
        result: Floats = self.offset + self.times(theta)
        return result

    def transpose_times(self, residual: Floats) -> Floats:
        dense = np.einsum("ij,i->j", self.dense, residual)
        sparse = np.bincount(
            self.columns, weights=self.values * residual[self.rows], minlength=self.width
        )
        return np.concatenate([dense, sparse])


def _problem(encoded: Encoded, labels: Floats, weights: Floats, vocabulary: Ints) -> _Problem:
    rows = np.repeat(np.arange(encoded.size), np.diff(encoded.indptr))
    position = np.searchsorted(vocabulary, encoded.ids)
    position = np.minimum(position, max(len(vocabulary) - 1, 0))
    known = vocabulary[position] == encoded.ids if len(vocabulary) else np.zeros(0, bool)
    dense = np.hstack([np.ones((encoded.size, 1)), encoded.logits])
    return _Problem(
        rows=rows[known],
        columns=position[known],
        values=encoded.values[known],
        dense=dense,
        offset=encoded.logits[:, 0],
        labels=labels,
        weights=weights / weights.sum(),
        width=len(vocabulary),
    )


def _penalty(problem: _Problem, l2: float) -> Floats:
    penalty = np.full(problem.dense.shape[1] + problem.width, l2)
    penalty[0] = 1e-6  # the bias: nearly free, but finite even on separable data
    return penalty


def _loss(problem: _Problem, theta: Floats, penalty: Floats) -> float:
    z = problem.scores(theta)
    data = np.logaddexp(0.0, z) - problem.labels * z
    return _dot(problem.weights, data) + 0.5 * _dot(penalty, theta * theta)


def _newton(problem: _Problem, l2: float, options: TrainingOptions) -> Floats:
    """Newton's method with conjugate-gradient steps: a handful of passes, deterministic."""
    penalty = _penalty(problem, l2)
    theta = np.zeros(problem.dense.shape[1] + problem.width)
    for _ in range(options.newton_steps):
        p = _sigmoid(problem.scores(theta))
        gradient = problem.transpose_times(problem.weights * (p - problem.labels)) + penalty * theta
        if float(np.abs(gradient).max()) < options.tolerance:
            break
        curvature = problem.weights * p * (1.0 - p)

        def hessian_times(v: Floats, curvature: Floats = curvature) -> Floats:
            return problem.transpose_times(curvature * problem.times(v)) + penalty * v

        step = _conjugate_gradient(hessian_times, -gradient, options.cg_steps)
        theta = _line_search(problem, theta, step, gradient, penalty)
    return theta


def _conjugate_gradient(apply: Callable[[Floats], Floats], target: Floats, steps: int) -> Floats:
    x = np.zeros_like(target)
    residual = target.copy()
    direction = residual.copy()
    rr = _dot(residual, residual)
    stop = 1e-4 * rr
    for _ in range(steps):
        if rr <= stop:
            break
        ad = apply(direction)
        alpha = rr / _dot(direction, ad)
        x += alpha * direction
        residual -= alpha * ad
        new_rr = _dot(residual, residual)
        direction = residual + (new_rr / rr) * direction
        rr = new_rr
    return x


def _line_search(
    problem: _Problem, theta: Floats, step: Floats, gradient: Floats, penalty: Floats
) -> Floats:
    current = _loss(problem, theta, penalty)
    slope = _dot(gradient, step)
    size = 1.0
    for _ in range(20):
        candidate = theta + size * step
        if _loss(problem, candidate, penalty) <= current + 1e-4 * size * slope:
            return candidate
        size /= 2
    return theta


def vocabulary_of(encoded: Encoded, min_document_frequency: int) -> Ints:
    found, counts = np.unique(encoded.ids, return_counts=True)  # ids are unique per comment
    kept: Ints = found[counts >= min_document_frequency]
    return kept


def fit(
    encoded: Encoded,
    rejected: npt.ArrayLike,
    weights: npt.ArrayLike,
    base_model: str,
    l2: float,
    options: TrainingOptions = TrainingOptions(),
) -> SiteHead:
    labels = np.asarray(rejected, dtype=np.float64)
    sample = np.asarray(weights, dtype=np.float64)
    vocabulary = vocabulary_of(encoded, options.min_document_frequency)
    problem = _problem(encoded, labels, sample, vocabulary)
    theta = _newton(problem, l2, options)
    n_dense = problem.dense.shape[1]
    return SiteHead(
        ids=vocabulary,
        weights=theta[n_dense:],
        dense=theta[1:n_dense],
        bias=float(theta[0]),
        base_model=base_model,
    )


def log_loss(labels: Floats, probabilities: Floats, weights: Floats) -> float:
    p = np.clip(probabilities, 1e-7, 1 - 1e-7)
    losses = -(labels * np.log(p) + (1 - labels) * np.log(1 - p))
    return _dot(weights, losses) / float(weights.sum())


def choose_l2(
    encoded: Encoded,
    rejected: npt.ArrayLike,
    weights: npt.ArrayLike,
    options: TrainingOptions = TrainingOptions(),
) -> float:
    """The penalty whose head does best on the latest fifth of the training decisions."""
    labels = np.asarray(rejected, dtype=np.float64)
    sample = np.asarray(weights, dtype=np.float64)
    cut = int(encoded.size * 0.8)
    early, late = np.arange(cut), np.arange(cut, encoded.size)
    if len(set(labels[early].tolist())) < 2 or len(set(labels[late].tolist())) < 2:
        return options.l2_choices[0]  # too few of one outcome to compare: the strongest penalty
    losses = []
    for l2 in options.l2_choices:
        head = fit(encoded.take(early), labels[early], sample[early], "", l2, options)
        later = encoded.take(late)
        probability = _sigmoid(later.logits[:, 0]) + head.raw_shift(later)
        losses.append(log_loss(labels[late], probability, sample[late]))
    return options.l2_choices[int(np.argmin(losses))]


# --- evaluation and weighting -------------------------------------------------------------


@dataclass(frozen=True)
class Evaluation:
    """The held-out figures the activation gate reads (and the version table keeps)."""

    decisions: int
    rejected: int
    auc_base: float
    auc_site: float
    approved_held_base: float  # share of approved comments at or over the hold threshold
    approved_held_site: float
    rejected_held_base: float  # share of rejected comments at or over it
    rejected_held_site: float

    def to_json(self) -> dict[str, float | int]:
        return {k: round(v, 4) if isinstance(v, float) else v for k, v in self.__dict__.items()}


def evaluate(
    base_scores: npt.ArrayLike, shifts: npt.ArrayLike, rejected: npt.ArrayLike, hold: float
) -> Evaluation:
    base = np.asarray(base_scores, dtype=np.float64)
    site = np.clip(base + np.asarray(shifts, dtype=np.float64), 0.0, 1.0)
    labels = np.asarray(rejected, dtype=bool)

    def share(scores: Floats, mask: npt.NDArray[np.bool_]) -> float:
        return float((scores[mask] >= hold).mean()) if mask.any() else 0.0

    return Evaluation(
        decisions=len(labels),
        rejected=int(labels.sum()),
        auc_base=roc_auc(labels, base),
        auc_site=roc_auc(labels, site),
        approved_held_base=share(base, ~labels),
        approved_held_site=share(site, ~labels),
        rejected_held_base=share(base, labels),
        rejected_held_site=share(site, labels),
    )


def capped_weights(
    groups: Sequence[str], max_share: float, weights: npt.ArrayLike | None = None
) -> Floats:
    """Sample weights under which no group (a moderator) carries more than `max_share` of the
    total: the heaviest groups are scaled down to the cap, the others keep their weights
    (water-filling). With too few groups to respect the cap, every group weighs the same."""
    names, inverse = np.unique(np.asarray(groups), return_inverse=True)
    given = np.ones(len(groups)) if weights is None else np.asarray(weights, dtype=np.float64)
    totals = np.bincount(inverse, weights=given, minlength=len(names))
    if len(names) * max_share <= 1.0:
        equal: Floats = (given / totals[inverse]) * (totals.sum() / len(names))
        return equal
    over = np.zeros(len(names), dtype=bool)
    cap = max_share * totals.sum()
    while True:  # each capped group weighs `cap`, which is max_share of the new total
        newly = ~over & (totals > cap + 1e-12)
        if not newly.any():
            break
        over |= newly
        cap = max_share * totals[~over].sum() / (1.0 - max_share * over.sum())
    capped_totals = np.where(over, cap, totals)
    result: Floats = given * (capped_totals / totals)[inverse]
    return result


def per_author_weights(authors: Sequence[str], max_per_author: int) -> Floats:
    """1 per decision, but an author's decisions weigh `max_per_author` together at most: one
    account posting hundreds of crafted comments cannot teach the head on its own."""
    _names, inverse, counts = np.unique(
        np.asarray(authors), return_inverse=True, return_counts=True
    )
    result: Floats = np.minimum(1.0, max_per_author / counts)[inverse]
    return result


def fingerprint(linear: LinearModel) -> str:
    """Which base model a head was trained over: a head is never applied over another."""
    found = _FINGERPRINTS.get(id(linear))
    if found is not None and found[0] is linear:
        return found[1]
    digest = hashlib.sha256()
    digest.update(np.ascontiguousarray(linear.weights).tobytes())
    digest.update(np.ascontiguousarray(linear.bias).tobytes())
    digest.update(repr(sorted(linear.thresholds.items())).encode())
    value = digest.hexdigest()[:16]
    _FINGERPRINTS[id(linear)] = (linear, value)
    return value


_FINGERPRINTS: dict[int, tuple[LinearModel, str]] = {}


# --- applying -------------------------------------------------------------------------------


@dataclass
class SiteAdjustment:
    """One evaluation's use of a site's head: adjusts the scores, remembers the shift."""

    head: SiteHead
    version: int
    linear: LinearModel
    max_raise: float
    max_lower: float
    # A site model may send a comment to a person, never reject it on its own: it never lifts
    # a score to the site's reject threshold (1.0 when rejecting on the score is off).
    ceiling: float = 1.0
    shift: float | None = field(default=None)

    def adjust(self, text: str, scores: Mapping[str, float]) -> dict[str, float]:
        base = scores[ADJUSTED]
        encoded = encode([text], self.linear)
        wanted = float(self.head.shifts(encoded, self.max_raise, self.max_lower)[0])
        moved = min(1.0, max(0.0, base + wanted))
        if wanted > 0:
            moved = min(moved, max(base, self.ceiling))
        self.shift = moved - base
        return {**scores, ADJUSTED: moved}

    def record(self) -> dict[str, object] | None:
        """What the comment keeps of it: which version decided, and by how much it moved."""
        if self.shift is None:
            return None
        return {"version": self.version, "shift": round(self.shift, 4)}


# --- a training run: minimums, weights, the held-out gate -----------------------------------


@dataclass(frozen=True)
class Example:
    """One moderator decision, oldest first in a training set."""

    text: str
    rejected: bool
    moderator: str  # "account:<id>"
    author: str  # the comment author's key
    base_toxicity: float | None = None  # the pipeline's final toxicity before any site model


@dataclass(frozen=True)
class Policy:
    """What a training run needs, and what a head must show before it is used."""

    hold: float  # the site's toxicity hold threshold: where a shift changes an outcome
    max_raise: float = 0.3
    max_lower: float = 0.1
    min_decisions: int = 200
    min_each: int = 30  # of approvals and of rejections
    min_moderators: int = 2
    max_moderator_share: float = 0.5  # no moderator carries more of the training weight
    max_per_author: int = 20  # an author's decisions weigh this much together at most
    held_out_share: float = 0.25  # the latest decisions, kept back to judge the head
    min_held_out_each: int = 10
    min_auc_gain: float = 0.02
    max_extra_approved_held: float = 0.10  # approved comments it newly holds, as a share
    min_caught_per_false_hold: float = 3.0  # rejected comments newly held per approved one
    max_released: float = 0.02  # rejected comments the base holds and the head lets go


class NotEnoughDecisions(ValueError):
    """Below a minimum: no head is trained (and no version recorded)."""


@dataclass(frozen=True)
class Candidate:
    head: SiteHead
    evaluation: Evaluation
    refused: tuple[str, ...]  # why the gate refused it; empty: it may be activated
    figures: dict[str, object]


def check_minimums(examples: Sequence[Example], policy: Policy) -> None:
    rejected = sum(e.rejected for e in examples)
    approved = len(examples) - rejected
    moderators = len({e.moderator for e in examples})
    if len(examples) < policy.min_decisions:
        raise NotEnoughDecisions(f"{len(examples)} decisions, {policy.min_decisions} needed")
    if min(rejected, approved) < policy.min_each:
        raise NotEnoughDecisions(
            f"{approved} approvals and {rejected} rejections, {policy.min_each} of each needed"
        )
    if moderators < policy.min_moderators:
        raise NotEnoughDecisions(f"{moderators} moderator(s), {policy.min_moderators} needed")
    held_out = examples[len(examples) - _held_out_size(len(examples), policy) :]
    held_rejected = sum(e.rejected for e in held_out)
    if min(held_rejected, len(held_out) - held_rejected) < policy.min_held_out_each:
        raise NotEnoughDecisions(
            f"the latest {len(held_out)} decisions hold {held_rejected} rejections: "
            f"{policy.min_held_out_each} of each outcome needed to judge a head"
        )


def _held_out_size(total: int, policy: Policy) -> int:
    return max(1, round(total * policy.held_out_share))


def training_weights(examples: Sequence[Example], policy: Policy) -> Floats:
    by_author = per_author_weights([e.author for e in examples], policy.max_per_author)
    return capped_weights([e.moderator for e in examples], policy.max_moderator_share, by_author)


def gate(evaluation: Evaluation, policy: Policy) -> tuple[str, ...]:
    """Every reason the head may not replace the base model's scores on this site."""
    e = evaluation
    approved = e.decisions - e.rejected
    newly_caught = e.rejected * (e.rejected_held_site - e.rejected_held_base)
    newly_false = approved * (e.approved_held_site - e.approved_held_base)
    reasons = []
    if not e.auc_site >= e.auc_base + policy.min_auc_gain:
        reasons.append(
            f"held-out AUC {e.auc_site:.3f} is not {policy.min_auc_gain} over "
            f"the base model's {e.auc_base:.3f}"
        )
    if e.approved_held_site - e.approved_held_base > policy.max_extra_approved_held:
        reasons.append("it would hold too many comments the moderators approved")
    if newly_false > 0 and newly_caught < policy.min_caught_per_false_hold * newly_false:
        reasons.append("it holds too few rejected comments for each approved one it holds")
    if e.rejected_held_base - e.rejected_held_site > policy.max_released:
        reasons.append("it would let through rejected comments the base model holds")
    return tuple(reasons)


def train_candidate(
    examples: Sequence[Example],
    linear: LinearModel,
    policy: Policy,
    options: TrainingOptions = TrainingOptions(),
) -> Candidate:
    """Train on the earlier decisions, judge on the latest ones (pure; seconds at most)."""
    check_minimums(examples, policy)
    encoded = encode([e.text for e in examples], linear)
    labels = np.array([e.rejected for e in examples], dtype=np.float64)
    weights = training_weights(examples, policy)
    cut = len(examples) - _held_out_size(len(examples), policy)
    early, late = np.arange(cut), np.arange(cut, len(examples))
    train = encoded.take(early)
    l2 = choose_l2(train, labels[early], weights[early], options)
    head = fit(train, labels[early], weights[early], fingerprint(linear), l2, options)
    held_out = encoded.take(late)
    fast = _sigmoid(held_out.logits[:, 0])
    base = np.array(
        [
            e.base_toxicity if e.base_toxicity is not None else float(fast[i])
            for i, e in enumerate(examples[cut:])
        ]
    )
    shifts = head.shifts(held_out, policy.max_raise, policy.max_lower)
    evaluation = evaluate(base, shifts, labels[late], policy.hold)
    refused = gate(evaluation, policy)
    figures: dict[str, object] = {
        "trained_on": cut,
        "held_out": evaluation.to_json(),
        "l2": l2,
        "features": len(head.ids),
        "moderators": len({e.moderator for e in examples}),
        "largest_moderator_share": round(_largest_share(examples, weights), 4),
        "hold": policy.hold,
        "max_raise": policy.max_raise,
        "max_lower": policy.max_lower,
        "refused_because": list(refused),
    }
    return Candidate(head, evaluation, refused, figures)


def _largest_share(examples: Sequence[Example], weights: Floats) -> float:
    totals: dict[str, float] = {}
    for example, weight in zip(examples, weights.tolist(), strict=True):
        totals[example.moderator] = totals.get(example.moderator, 0.0) + weight
    return max(totals.values()) / sum(totals.values())


# --- the per-process cache --------------------------------------------------------------------


@dataclass(frozen=True)
class CachedHead:
    checked_at: float  # seconds (the runtime's clock) when the database was last asked
    model_id: int | None  # the active version's row, None when the site has none
    version: int
    head: SiteHead | None


class SiteHeads:
    """Each site's active head, kept in this process and asked again after `freshness` seconds,
    so that every process applies a newly activated version within that delay."""

    def __init__(self, freshness: float = 5.0) -> None:
        self.freshness = freshness
        self._entries: dict[int, CachedHead] = {}

    def fresh(self, site_id: int, now: float) -> CachedHead | None:
        entry = self._entries.get(site_id)
        if entry is None or now - entry.checked_at >= self.freshness:
            return None
        return entry

    def known(self, site_id: int) -> CachedHead | None:
        """The entry however old (its head is reused when the version is unchanged)."""
        return self._entries.get(site_id)

    def store(self, site_id: int, entry: CachedHead) -> None:
        self._entries[site_id] = entry

    def forget(self, site_id: int) -> None:
        self._entries.pop(site_id, None)
