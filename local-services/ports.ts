// the helpers moved to lib/ (workers need a free port too); the embedded services keep importing them from here
export { freePort, isPortFree } from '../lib/ports.js';
