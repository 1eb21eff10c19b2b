// Loaded by path (Temporal's failureConverterPath), so CommonJS: bundled into the workflow sandbox, and require()d
// by workers and clients. With the payload codec on, failure messages and stack traces travel as an encoded
// payload, which the codec encrypts like any other (they can name keys and question ids).
// eslint-disable-next-line @typescript-eslint/no-require-imports -- Temporal require()s this file by path
const { DefaultFailureConverter } = require('@temporalio/common');

module.exports = { failureConverter: new DefaultFailureConverter({ encodeCommonAttributes: true }) };
