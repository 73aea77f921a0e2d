"""The shipped moderation encoder's mean-pooled hidden states, as sentence vectors.

The ONNX graph in moderation/models/accurate/ answers probabilities only; its pooled vector
(`/model/Div_output_0`, the input of the classification head) is made a second output by
appending one GraphProto to the serialised model: protobuf merges a repeated message field, so
the graph gains an output without an ONNX library. Used by the evaluation only (ADR 0025:
the encoder groups by tone, and costs milliseconds a comment).
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import Any

import numpy as np
from numpy.typing import NDArray
from sklearn.preprocessing import normalize

from rejoinder.moderation.scoring import MODELS_DIR

POOLED = b"/model/Div_output_0"
BATCH = 64


def _varint(number: int) -> bytes:
    out = bytearray()
    while True:
        low, number = number & 0x7F, number >> 7
        out.append(low | 0x80 if number else low)
        if not number:
            return bytes(out)


def _field(number: int, payload: bytes) -> bytes:
    return _varint(number << 3 | 2) + _varint(len(payload)) + payload


class Encoder:
    def __init__(self, directory: Path = MODELS_DIR / "accurate") -> None:
        import onnxruntime
        from tokenizers import Tokenizer

        # ModelProto.graph = 7, GraphProto.output = 12, ValueInfoProto.name = 1
        extra = _field(7, _field(12, _field(1, POOLED)))
        options = onnxruntime.SessionOptions()
        options.intra_op_num_threads = 1
        model = (directory / "model.onnx").read_bytes() + extra
        self.session: Any = onnxruntime.InferenceSession(
            model, options, providers=["CPUExecutionProvider"]
        )
        self.tokenizer: Any = Tokenizer.from_file(str(directory / "tokenizer.json"))
        self.tokenizer.enable_truncation(max_length=64)  # as trained (model.json)
        self.tokenizer.enable_padding(pad_id=0, pad_token="[PAD]")  # noqa: S106 (a token)

    def vectors(self, texts: Sequence[str]) -> NDArray[np.float64]:
        rows = []
        for start in range(0, len(texts), BATCH):
            encoded = self.tokenizer.encode_batch(list(texts[start : start + BATCH]))
            ids = np.array([e.ids for e in encoded], dtype=np.int64)
            mask = np.array([e.attention_mask for e in encoded], dtype=np.int64)
            _, pooled = self.session.run(None, {"input_ids": ids, "attention_mask": mask})
            rows.append(pooled)
        return np.asarray(normalize(np.vstack(rows)), dtype=np.float64)
