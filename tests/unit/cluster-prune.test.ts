// Which release images retention removes from a cluster's other nodes, and how a copy is
// tagged instead of streamed when a node has the image under another name.
import { describe, expect, it } from 'vitest'
import { keptOf, staleRefs, type NodeImage } from '../../main/core/apps/cluster-prune'
import type { Release } from '../../main/core/apps/model'
import { tagParts } from '../../main/core/clusters/distribute'

const release = (number: number, pruned = false): Release =>
  ({
    number,
    image: `pier/web:${number}`,
    imageId: 'sha256:' + String(number).repeat(64).slice(0, 64),
    digest: null,
    commit: null,
    jobId: `job-${number}`,
    createdAt: 1_700_000_000 + number,
    config: {},
    current: false,
    pruned
  }) as unknown as Release

const D = (c: string) => 'sha256:' + c.repeat(64)

describe('retention on the nodes', () => {
  // Releases 1 and 2 pruned on the manager, 3 and 4 kept (4 serving).
  const releases = [release(4), release(3), release(2, true), release(1, true)]

  it('removes the tags of pruned releases and keeps the kept ones and newer ones', () => {
    const images: NodeImage[] = [
      { RepoTags: ['pier/web:1', 'pier/web:3'] }, // a rollback: 3 is 1's image again
      { RepoTags: ['pier/web:2'] },
      { RepoTags: ['pier/web:4'] },
      // A deploy in flight has copied its release before recording it.
      { RepoTags: ['pier/web:5'] },
      // Not Pier's release tags: another app's (the name starts alike), a user's own tag.
      { RepoTags: ['pier/web-api:1', 'pier/webx:1', 'mine/web:1', 'pier/web:latest'] }
    ]
    expect(staleRefs('web', images, keptOf(releases, []))).toEqual(['pier/web:1', 'pier/web:2'])
  })

  it('removes pulled registry images whose digest no kept release has', () => {
    const repo = '127.0.0.1:5065/pier/web'
    const images: NodeImage[] = [
      { RepoTags: [], RepoDigests: [`${repo}@${D('a')}`] },
      { RepoTags: null, RepoDigests: [`${repo}@${D('b')}`, `docker.io/x/y@${D('b')}`] },
      { RepoTags: [], RepoDigests: [`127.0.0.1:5065/pier/web-api@${D('c')}`] }
    ]
    expect(staleRefs('web', images, keptOf(releases, [D('b')]))).toEqual([`${repo}@${D('a')}`])
  })

  it('keeps everything while no release is recorded', () => {
    expect(staleRefs('web', [{ RepoTags: ['pier/web:1'] }], keptOf([], []))).toEqual([])
  })
})

describe('tag instead of copy', () => {
  it('splits a reference into repository and tag; a digest cannot be a tag', () => {
    expect(tagParts('pier/web:3')).toEqual({ repo: 'pier/web', tag: '3' })
    expect(tagParts('127.0.0.1:5065/pier/web:3')).toEqual({
      repo: '127.0.0.1:5065/pier/web',
      tag: '3'
    })
    expect(tagParts('registry.local:5000/shop')).toEqual({
      repo: 'registry.local:5000/shop',
      tag: 'latest'
    })
    expect(tagParts('busybox')).toEqual({ repo: 'busybox', tag: 'latest' })
    expect(tagParts(`shop@${D('a')}`)).toBeNull()
  })
})
