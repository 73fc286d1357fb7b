import { describe, expect, it } from 'vitest';
import { extractRecipeFacts, recipeKindOf } from './extract-recipe-facts.js';

const builds = (file: string, text: string) => extractRecipeFacts(file, text).pluginBuilds.map(({ cwd, targets, output, partial }) => ({ cwd, targets, output, partial }));

describe('recipe facts', () => {
  it('knows recipes by name', () => {
    expect(['Makefile', 'makefile', 'GNUmakefile', 'rules.mk', 'Dockerfile', 'Dockerfile.builder', 'plugin.Dockerfile', 'build.sh', 'Containerfile', 'app.Containerfile'].map((n) => recipeKindOf(n))).toEqual([
      'makefile',
      'makefile',
      'makefile',
      'makefile',
      'dockerfile',
      'dockerfile',
      'dockerfile',
      'script',
      'dockerfile',
      'dockerfile',
    ]);
    expect(recipeKindOf('release.yml', '/r/.github/workflows/release.yml')).toBe('ci');
    expect(recipeKindOf('.gitlab-ci.yml')).toBe('ci');
    expect(recipeKindOf('compose.yml', '/r/compose.yml')).toBeNull();
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

  it('keeps images with their tag range, substituting ARG defaults and Makefile variables', () => {
    const docker = extractRecipeFacts('/r/Dockerfile', ['ARG KRAKEND_VERSION=2.7.2', 'FROM krakend/builder:${KRAKEND_VERSION} AS builder', 'ENV CGO_ENABLED=1 GOFLAGS="-trimpath -mod=mod"', 'RUN go build -buildmode=plugin -o /out/p.so .', 'FROM --platform=linux/arm64 devopsfaith/krakend:2.7.2'].join('\n'));
    expect(docker.images!.map((i) => [i.name, i.tag, i.tagRange, i.platform, i.stage])).toEqual([
      ['krakend/builder', '2.7.2', null, null, 'builder'],
      ['devopsfaith/krakend', '2.7.2', { start: { line: 4, character: 48 }, end: { line: 4, character: 53 } }, 'linux/arm64', null],
    ]);
    const [build] = docker.pluginBuilds;
    expect(build.image!.name).toBe('krakend/builder');
    expect(build.env!.map((e) => `${e.name}=${e.value}@${e.range.start.line}:${e.range.start.character}`)).toEqual(['CGO_ENABLED=1@2:4', 'GOFLAGS=-trimpath -mod=mod@2:18']);
    expect(build.flags!.map((f) => `${f.name}:${f.via}`)).toEqual(['-trimpath:goflags', '-mod:goflags', '-buildmode:command', '-o:command']);
    expect(build.outputWord).toEqual({ value: '/out/p.so', range: { start: { line: 3, character: 34 }, end: { line: 3, character: 43 } } });
    const make = extractRecipeFacts('/r/Makefile', 'VERSION := 2.10.2\nplugin:\n\tdocker run --rm -e CGO_ENABLED=0 -v "$(PWD):/app" -w /app krakend/builder:$(VERSION) \\\n\t\tGOARCH=arm64 go build -buildmode=plugin -trimpath -o x.so .\n');
    const [mk] = make.pluginBuilds;
    expect([mk.image!.ref, mk.image!.tagRange]).toEqual(['krakend/builder:2.10.2', null]);
    expect(mk.env!.map((e) => `${e.name}=${e.value} ${e.via} ${e.range.start.line}:${e.range.start.character}-${e.range.end.character}`)).toEqual(['GOARCH=arm64 command 3:2-14', 'CGO_ENABLED=0 docker-env 2:17-33']);
    expect(mk.flags!.find((f) => f.name === '-trimpath')!.range).toEqual({ start: { line: 3, character: 42 }, end: { line: 3, character: 51 } });
  });

  it('reads CI steps: the job image, env keys and run/script lines', () => {
    const gh = ['jobs:', '  build:', '    container: golang:1.22-alpine', '    env:', '      CGO_ENABLED: "1"', '    steps:', '      - run: go build -buildmode=plugin -o plugin.so .'].join('\n');
    const facts = extractRecipeFacts('/r/.github/workflows/build.yml', gh);
    expect(facts.kind).toBe('ci');
    expect(facts.pluginBuilds.map((b) => [b.image?.ref, b.env!.map((e) => e.name), b.range.start.line])).toEqual([['golang:1.22-alpine', ['CGO_ENABLED'], 6]]);
    const gl = extractRecipeFacts('/r/.gitlab-ci.yml', 'build:\n  image: krakend/builder:2.7.2\n  script:\n    - go build -buildmode=plugin -trimpath -o p.so .\n');
    expect(gl.pluginBuilds[0].image!.tag).toBe('2.7.2');
    expect(gl.pluginBuilds[0].flags!.map((f) => f.name)).toContain('-trimpath');
  });

  it('records where files are copied: COPY --from and cp/mv', () => {
    const docker = extractRecipeFacts('/r/Dockerfile', 'FROM krakend:2.7.2\nCOPY --from=builder /out/p.so /etc/krakend/plugins/\n');
    expect(docker.copies).toEqual([{ file: '/r/Dockerfile', range: expect.anything(), from: 'builder', sources: ['/out/p.so'], dest: '/etc/krakend/plugins/', destRange: { start: { line: 1, character: 30 }, end: { line: 1, character: 51 } } }]);
    const script = extractRecipeFacts('/r/deploy.sh', 'cp plugins/p.so plugins/p.so.bak\n');
    expect(script.copies!.map((c) => [c.sources, c.dest])).toEqual([[['/r/plugins/p.so'], '/r/plugins/p.so.bak']]);
  });
});
