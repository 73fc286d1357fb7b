import { describe, expect, it } from 'vitest';
import { MemoryFileSource, Workspace } from '../workspace.js';
import { computeGoFacts } from './index.js';

describe('a package the prefilter skips', () => {
  it('takes its imports from the files go build compiles for the platform only', () => {
    const ws = new Workspace(
      '/w',
      new MemoryFileSource(
        new Map([
          ['/w/lib/lib.go', 'package lib\n\nimport "example.com/always"\n'],
          ['/w/lib/lib_windows.go', 'package lib\n\nimport "example.com/winonly"\n'],
          ['/w/lib/lib_test.go', 'package lib\n\nimport "example.com/testonly"\n'],
          ['/w/lib/arm.go', '//go:build arm64\n\npackage lib\n\nimport "example.com/armonly"\n'],
        ]),
      ),
    );
    const imports = (goarch: string) => {
      const { packages } = computeGoFacts(ws, { parser: null, goos: 'linux', goarch, prefilter: true }, []);
      return packages[0].imports.map((i) => i.path);
    };
    expect(imports('amd64')).toEqual(['example.com/always']);
    expect(imports('arm64')).toEqual(['example.com/armonly', 'example.com/always']);
    const { packages } = computeGoFacts(ws, { parser: null, goos: 'linux', goarch: 'amd64', prefilter: true }, []);
    expect(packages[0]).toMatchObject({ parsed: false, name: 'lib', files: ['/w/lib/lib.go'] });
    expect(packages[0].excluded.map((e) => e.file)).toEqual(['/w/lib/arm.go', '/w/lib/lib_test.go', '/w/lib/lib_windows.go']);
  });
});
