"""zhitu's trained NER for PER/LOC/ORG: features (:mod:`.features`), the run-time
model (:mod:`.runtime`, ONNX + numpy Viterbi), the spaCy component ``zhitu_ner``
(:mod:`.component`) and, for training only, the network (:mod:`.network`).
The weights and vocabularies live in ``model/``; ``make train`` rebuilds them.
Importing this package loads nothing."""
