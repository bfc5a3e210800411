// fixture.mjs - build the HTTP tests' fixture (lib.mjs: fixture()) into
// $MESO_HTTP_CACHE once, before the test files that read it run side by side
// (tests/http/run.sh, scripts/test-all.sh).
import { fixture } from './lib.mjs';

if (!process.env.MESO_HTTP_CACHE) {
  console.error('fixture.mjs: set MESO_HTTP_CACHE to the folder to build the fixture in');
  process.exit(2);
}
fixture();
console.log('ok fixture');
