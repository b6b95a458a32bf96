"""zhitu's trained NER for PER/LOC/ORG: features (:mod:`.features`: characters, bigrams,
LAC's words, and the lexicon's words over each character), the run-time
model (:mod:`.runtime`, ONNX + batched Viterbi), used by the tokenizer when its
config says ``ner = true``, and, for training only, the network (:mod:`.network`).
The weights, vocabularies and lexicon live in ``model/``; ``make train`` rebuilds them.
Importing this package loads nothing."""
