// Runs in: main, preload and renderer (pure data: zod schemas and types, no Node or DOM imports).
// The Clusters part of the contract: `cluster.create` is `pier cluster create NAME --manager S`,
// `cluster.join` is `pier cluster join NAME SERVER [--role worker|manager]`, and so on.
import { z } from 'zod'
import {
  advertiseAddr,
  clusterName,
  clusterNode,
  clusterSchema,
  imageMode,
  labelKey,
  labelPair,
  nodeAvailability,
  nodeRole
} from '../core/clusters/model'
import type { ClusterService } from '../core/clusters/tasks'
import { imageRef } from '../core/docker/refs'
import { mutation, query, stream } from './define'

const server = z.string().min(1).max(200)
const name = z.string().min(1).max(200)
const node = z.string().min(1).max(200)
const cidr = z
  .string()
  .regex(
    /^(\d{1,3}\.){3}\d{1,3}\/(8|9|1[0-9]|2[0-4])$/,
    'An address pool is IPv4 CIDR, e.g. 10.20.0.0/16.'
  )

export const clusterNodes = z.object({
  cluster: z.string(),
  nodes: z.array(clusterNode),
  warnings: z.array(z.string()),
  routingMesh: z.boolean().nullable(),
  images: imageMode
})

export const clustersContract = {
  'cluster.list': query({
    input: z.object({}).strict(),
    output: z.array(clusterSchema),
    summary: 'List the clusters Pier formed, with their member servers and roles.'
  }),
  'cluster.create': mutation({
    input: z
      .object({
        name: clusterName,
        manager: server,
        advertiseAddr: advertiseAddr.optional(),
        addrPool: cidr.optional()
      })
      .strict(),
    output: clusterSchema,
    summary:
      'Form a cluster with SERVER as its manager (its single-node swarm is kept; --advertise-addr A picks the address other nodes use).',
    args: ['name']
  }),
  'cluster.join': mutation({
    input: z
      .object({
        name,
        server,
        role: nodeRole.default('worker'),
        advertiseAddr: advertiseAddr.optional()
      })
      .strict(),
    output: z.object({
      server: z.string(),
      nodeId: z.string(),
      role: nodeRole,
      joinedAt: z.number()
    }),
    summary:
      "Join a server to a cluster as a worker or manager; the join token is fetched over the manager's SSH connection and never shown.",
    args: ['name', 'server']
  }),
  'cluster.leave': mutation({
    input: z.object({ server }).strict(),
    output: z.object({ server: z.string(), cluster: z.string(), removed: z.boolean() }),
    summary:
      'Take a server out of its cluster (it gets its own single-node swarm back; the last member keeps the swarm).',
    args: ['server']
  }),
  'cluster.nodes': query({
    input: z.object({ name }).strict(),
    output: clusterNodes,
    summary: "A cluster's nodes: status, availability, role, engine, labels, CPU and memory.",
    args: ['name']
  }),
  'cluster.watch': stream({
    input: z.object({ name }).strict(),
    output: clusterNodes,
    summary: "Stream a cluster's nodes: now, then after every node change the engine reports.",
    args: ['name']
  }),
  'cluster.services': query({
    input: z.object({ name }).strict(),
    output: z.array(z.custom<ClusterService>()),
    summary: "A cluster's services: desired and running replicas per node, and task errors.",
    args: ['name']
  }),
  'cluster.node': mutation({
    input: z
      .object({
        name,
        node,
        role: nodeRole.optional(),
        availability: nodeAvailability.optional(),
        label: z.array(labelPair).max(100).optional(),
        removeLabel: z.array(labelKey).max(100).optional()
      })
      .strict(),
    output: clusterNode,
    summary:
      'Change a node: --role worker|manager (promote, demote), --availability active|pause|drain, --label K=V, --remove-label K.',
    args: ['name', 'node']
  }),
  'cluster.distribute': mutation({
    input: z.object({ name, image: imageRef, from: server.optional() }).strict(),
    output: z.object({
      image: z.string(),
      imageId: z.string(),
      bytes: z.number(),
      loaded: z.array(z.string()),
      skipped: z.array(z.string()),
      tagged: z.array(z.string())
    }),
    summary:
      'Copy an image from the member that has it (--from SERVER) to every other member, streamed over SSH without a registry.',
    args: ['name', 'image']
  }),
  'cluster.set': mutation({
    input: z.object({ name, images: imageMode }).strict(),
    output: z.object({
      cluster: z.string(),
      images: imageMode,
      registry: z.enum(['running', 'removed', 'kept']),
      usedBy: z.array(z.string()),
      address: z.string().nullable()
    }),
    summary:
      'How release images reach the nodes: --images stream (over SSH from this computer during each deploy) or registry (a registry Pier runs on the manager, reached by every node at 127.0.0.1 only; deploys then need no laptop).',
    args: ['name']
  }),
  'cluster.forget': mutation({
    input: z.object({ name }).strict(),
    output: z.object({ forgotten: z.string() }),
    summary: 'Forget a cluster in Pier only: the swarm, its nodes and services stay as they are.',
    args: ['name']
  })
} as const
