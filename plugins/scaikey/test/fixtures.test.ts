import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { singlePluginDistribution, testFixtures } from '@scaivault/core/testing';

// plugins/scaikey/dist/test → the repository root is four levels up.
const here = dirname(fileURLToPath(import.meta.url));
const repo = join(here, '..', '..', '..', '..');
testFixtures(join(repo, 'fixtures', 'scaikey'), singlePluginDistribution('@scaivault/plugin-scaikey', join(here, '..', '..')));
