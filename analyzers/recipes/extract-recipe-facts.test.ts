import { describe, expect, it } from 'vitest';
import { extractRecipeFacts, recipeKindOf } from './extract-recipe-facts.js';

const builds = (file: string, text: string) => extractRecipeFacts(file, text).pluginBuilds.map(({ cwd, targets, output, partial }) => ({ cwd, targets, output, partial }));

describe('recipe facts', () => {
  it('knows recipes by name', () => {
    expect(['Makefile', 'makefile', 'GNUmakefile', 'rules.mk', 'Dockerfile', 'Dockerfile.builder', 'plugin.Dockerfile', 'build.sh'].map(recipeKindOf)).toEqual([
      'makefile',
      'makefile',
      'makefile',
      'makefile',
      'dockerfile',
      'dockerfile',
      'dockerfile',
      'script',
    ]);
    expect(recipeKindOf('main.go')).toBeNull();
    expect(recipeKindOf('Makefile.bak')).toBeNull();
  });

  it('reads what a Makefile builds as a plugin, and where it writes it', () => {
    const text = [
      'build:',
      '\tgo build -buildmode=plugin -o ../plugins/header.so .',
      'one-file:',
      '\tgo build -buildmode=plugin -trimpath -ldflags "-s -w" -o out/x.so main.go',
      'elsewhere:',
      '\tcd plugins/auth && go build -buildmode plugin -o=../../dist/auth.so',
      'lib:',
      '\tgo build ./...',
    ].join('\n');
    expect(builds('/r/src/Makefile', text)).toEqual([
      { cwd: '/r/src', targets: ['/r/src'], output: '/r/plugins/header.so', partial: false },
      { cwd: '/r/src', targets: ['/r/src/main.go'], output: '/r/src/out/x.so', partial: false },
      { cwd: '/r/src/plugins/auth', targets: [], output: '/r/src/dist/auth.so', partial: false },
    ]);
  });

  it('keeps what a variable hides as unknown instead of guessing', () => {
    const text = 'build:\n\tgo build -buildmode=plugin -o $(OUT)/$(NAME).so ./cmd/$(NAME)\n';
    expect(builds('/r/Makefile', text)).toEqual([{ cwd: '/r', targets: [], output: null, partial: true }]);
  });

  it('joins continued lines and follows a relative Dockerfile WORKDIR; an absolute one maps to the context', () => {
    const text = ['FROM krakend/builder:2.7.0', 'WORKDIR /app', 'COPY . .', 'RUN go build \\', '    -buildmode=plugin \\', '    -o /app/plugins/p.so ./plugin'].join('\n');
    const facts = extractRecipeFacts('/r/Dockerfile', text);
    expect(facts.kind).toBe('dockerfile');
    expect(facts.pluginBuilds.map((b) => ({ targets: b.targets, range: b.range }))).toEqual([
      { targets: ['/r/plugin'], range: { start: { line: 3, character: 0 }, end: { line: 5, character: 33 } } },
    ]);
  });

  it('ignores builds that are not plugins', () => {
    expect(builds('/r/build.sh', 'go build -o server ./cmd/server\nGOOS=linux go build .\n')).toEqual([]);
  });
});
