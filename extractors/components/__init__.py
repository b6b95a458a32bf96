"""The pipeline components, one module each; importing registers them."""
