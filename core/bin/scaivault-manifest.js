#!/usr/bin/env node
// Generates (or with --check, verifies) a plugin's command manifest: scaivault-manifest [--check] [plugin-dir]
await import('../dist/bundle/manifest-cli.js');
