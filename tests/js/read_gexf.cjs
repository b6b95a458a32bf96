// Read a GEXF file with graphology-gexf (the parser behind Gephi Lite and
// Sigma.js) and print what it found as JSON: a second reader, not NetworkX.
// Usage: node read_gexf.cjs FILE
'use strict';
const fs = require('fs');
const Graph = require('graphology');
const gexf = require('graphology-gexf');

const xml = fs.readFileSync(process.argv[2], 'utf8');
// Strict: an edge naming a missing node or an undeclared attribute throws.
const graph = gexf.parse(Graph, xml, {addMissingNodes: false, allowUndeclaredAttributes: false});
const nodes = graph.mapNodes((id, attrs) => ({id, label: attrs.label, type: attrs.type, mentions: attrs.mentions}));
const edges = graph.mapEdges((id, attrs, source, target) => ({
  id, source, target, relation: attrs.relation, role: attrs.role, label: attrs.label,
  sentence_start: attrs.sentence_start, confidence: attrs.confidence,
}));
process.stdout.write(JSON.stringify({type: graph.type, multi: graph.multi, order: graph.order, size: graph.size, nodes, edges}));
