/**
 * Parsed JSON as the tests read it: synthesized Terraform documents and raw YAML input. Any path
 * may be read; an assertion on a wrong path fails, and that failure is the check. The one `any`
 * of the test suite lives here.
 */
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- tests read arbitrary paths of parsed JSON
export type Json = Record<string, any>;
