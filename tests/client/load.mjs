// Loads the compiled pure client modules (client/out/lib, built by `npm run compile`) for the unit tests.
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);

/** Returns the exports of client/src/NAME.ts as compiled by tsc. */
export function load(name) {
    return require(`../../client/out/lib/${name}.js`);
}
