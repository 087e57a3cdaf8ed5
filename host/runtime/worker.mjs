// The worker entry when the runtime runs from the sources (tests, scripts under tsx): piscina
// loads workers with a plain dynamic import in a fresh thread, where tsx may not be registered,
// so register it here, then load the TypeScript worker. The compiled programs (dist/) use
// dist/worker.js instead (scripts/bundle.ts) and need no loader.
import { register } from 'tsx/esm/api';

register();
const mod = await import('./worker.ts');
export default mod.default;
export const calibrate = mod.calibrate;
