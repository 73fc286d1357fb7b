import { describe, expect, it } from 'vitest';
import { imageReferenceProblem } from './image-reference.js';

describe('imageReferenceProblem: Docker reference grammar', () => {
  it.each([
    'krakend/builder:2.13.8',
    'krakend/builder:2.13.8-linux-generic',
    'golang:1.25.12-alpine3.23',
    'localhost:5000/kpa/builder:1',
    'registry.example.com/team/krakend-builder-ee:2.12.4',
    '[::1]:5000/builder',
    'kpa-test/builder:bookworm',
    'ubuntu',
    'ubuntu@sha256:0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef',
    'a__b.c-d/e:tag_1.2-x@sha256:0123456789abcdef0123456789abcdef',
  ])('accepts %s', (ref) => expect(imageReferenceProblem(ref)).toBeNull());

  it.each([
    ['-v=/:/host', /starts with "-"/],
    ['-h', /starts with "-"/],
    ['--privileged', /starts with "-"/],
    ['', /empty/],
    ['Krakend/Builder', /not a Docker image reference/],
    ['builder:2.13 -v', /not a Docker image reference/],
    ['builder:', /not a Docker image reference/],
    ['builder@sha256:short', /not a Docker image reference/],
    ['a//b', /not a Docker image reference/],
    ['builder:-x', /not a Docker image reference/],
    ['builder\n', /not a Docker image reference/],
    [`${'a'.repeat(256)}:1`, /longer than 255/],
  ])('rejects %j', (ref, reason) => expect(imageReferenceProblem(ref)).toMatch(reason));
});
