// Runs every binary module of the spec testsuite's decoder-related .wast files through
// decodeModule: `(module binary ...)` must decode, `assert_malformed`/`assert_invalid` ones must
// throw a CompileError whose message starts with the expected text. The cases whose fault is
// inside a function body's instructions are the compiler's job: the decoder must accept them
// (they are listed below by line), no other case may pass, and decoding plus compiling
// (core/load.ts) must then reject them with the expected message.
import { describe, expect, test } from 'vitest';
import * as path from 'node:path';
import { binaryCases } from './wast-binary';
import { decodeModule } from '../../../core/binary/decode';
import { loadModule } from '../../../core/load';
import { CompileError } from '../../../core/errors';

const dir = '/work/shared/testsuite';

/** Lines of the assertions whose fault needs body decoding (memargs, reserved bytes, missing `end`, ...). */
const bodyCases: Record<string, number[]> = {
  'binary.wast': [
    417, 438, 454,                      // missing end: "END opcode expected", "unexpected end ...", "section size mismatch"
    482, 501, 520, 539,                 // overlong memarg align/offset
    619, 638, 657, 675, 694, 713, 732, 751, // memarg align/offset too large
    856, 876, 896, 915, 934, 954, 973, 992, 1010, 1028, // memory.grow/size reserved byte
    1204, 1226,                         // memory.init / data.drop need the data count section
    1816,                               // br_table target count
  ],
  'binary-leb128.wast': [404, 423, 442, 461, 730, 749, 768, 786, 805, 824, 843, 862, 987],
  'custom.wast': [],
  'data.wast': [],
  'global.wast': [],
  'float_literals.wast': [],
  'utf8-custom-section-id.wast': [],
  'utf8-import-field.wast': [],
  'utf8-import-module.wast': [],
};

for (const file of Object.keys(bodyCases)) {
  describe(file, () => {
    const cases = binaryCases(path.join(dir, file));
    const passed: number[] = [];

    test('has cases', () => {
      expect(cases.length).toBeGreaterThan(0);
    });

    for (const c of cases) {
      test(`line ${c.line}: ${c.kind} ${c.message}`, () => {
        let error: unknown = null;
        try {
          decodeModule(c.bytes);
        } catch (e) {
          error = e;
        }
        if (c.kind === 'module') {
          expect(error).toBeNull();
          return;
        }
        if (error === null) {
          passed.push(c.line);
          expect(bodyCases[file]).toContain(c.line);
          try {
            loadModule(c.bytes);
          } catch (e) {
            error = e;
          }
          expect(error, 'the compiler accepted it').not.toBeNull();
        }
        expect(error).toBeInstanceOf(CompileError);
        const message = (error as Error).message;
        expect(message.startsWith(c.message), `got "${message}"`).toBe(true);
        expect(message).toMatch(/ @ offset \d+$/);
      });
    }

    test('every listed body case reaches the compiler', () => {
      expect(passed.sort((a, b) => a - b)).toEqual(bodyCases[file]);
    });
  });
}
