import { installQuietRuntime } from '../../workers/runtime-logging.js';

installQuietRuntime();
