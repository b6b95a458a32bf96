// Lay out a node-link JSON file with d3-force (the consumer the format is
// named after) and print what it resolved as JSON.
// Usage: node read_node_link.mjs FILE
import {readFileSync} from 'node:fs';
import {forceLink, forceManyBody, forceSimulation} from 'd3-force';

const data = JSON.parse(readFileSync(process.argv[2], 'utf8'));
// forceLink(...).id() resolves each link's source and target by node id and
// throws "node not found" for a dangling one.
const links = forceLink(data.links).id((d) => d.id);
const simulation = forceSimulation(data.nodes).force('link', links).force('charge', forceManyBody()).stop();
simulation.tick(5);
const resolved = data.links.filter((l) => typeof l.source === 'object' && typeof l.target === 'object');
const finite = data.nodes.filter((n) => Number.isFinite(n.x) && Number.isFinite(n.y));
process.stdout.write(JSON.stringify({
  nodes: data.nodes.length, links: data.links.length, resolved: resolved.length, positioned: finite.length,
  labels: data.nodes.map((n) => n.label),
  triples: resolved.map((l) => [l.source.label, l.relation, l.role, l.target.label]),
}));
