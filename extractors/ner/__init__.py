"""zhitu's trained NER for PER/LOC/ORG: features (:mod:`.features`), the run-time
model (:mod:`.runtime`, ONNX + batched Viterbi), used by the tokenizer when its
config says ``ner = true``, and, for training only, the network (:mod:`.network`).
The weights and vocabularies live in ``model/``; ``make train`` rebuilds them.
Importing this package loads nothing."""
