import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { singlePluginDistribution, testFixtures } from '@scaivault/core/testing';

// plugins/federation/dist/test → the repository root is four levels up.
const here = dirname(fileURLToPath(import.meta.url));
const repo = join(here, '..', '..', '..', '..');
testFixtures(join(repo, 'fixtures', 'federation'), singlePluginDistribution('@scaivault/plugin-federation', join(here, '..', '..')));
