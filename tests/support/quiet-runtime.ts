import { installRuntime } from '../../workers/logging.js';

installRuntime();
