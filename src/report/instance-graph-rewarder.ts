/**
 * The benchmark's label/graph verdict: a GraphRewarder that finds the strategy graph of an episode
 * by its task instance (template and seed) rather than by task id alone.
 * @module
 */
import type { Rewarder, RewardVerdict, StepReward, TaskInstance, Trajectory, StepRecord } from '../env/index.ts';
import { GraphRewarder } from '../graph/index.ts';
import type { StrategyGraph } from '../graph/index.ts';

/**
 * The graph of an instance: one whose task id is the instance's (`<template>.s<seed>`, as training
 * runs name pool tasks), else one whose task id is the template's (a graph whose labels the user
 * asserts hold for every seed). Labels inferred from one seed's demo usually name that seed's
 * product or user, so a template-wide graph is only as honest as its labels are general.
 */
export function graphFor(graphs: ReadonlyMap<string, StrategyGraph>, taskId: string, seed: number): StrategyGraph | undefined {
  return graphs.get(`${taskId}.s${seed}`) ?? graphs.get(taskId);
}

/** Scores each episode with its instance's graph (see `graphFor`); episodes without one must not be run with it. */
export class InstanceGraphRewarder implements Rewarder {
  #graphs: ReadonlyMap<string, StrategyGraph>;
  #inner: GraphRewarder;

  constructor(graphs: ReadonlyMap<string, StrategyGraph>) {
    this.#graphs = graphs;
    this.#inner = new GraphRewarder(graphs.values());
  }

  /** @throws GraphError `graph_invalid` when the instance has no graph. */
  async reset(task: TaskInstance): Promise<void> {
    const graph = graphFor(this.#graphs, task.taskId, task.seed);
    await this.#inner.reset(graph ? { ...task, taskId: graph.taskId } : task);
  }

  score(trajectory: Trajectory, step: StepRecord): Promise<StepReward> {
    return this.#inner.score(trajectory, step);
  }

  finish(trajectory: Trajectory): Promise<RewardVerdict> {
    return this.#inner.finish(trajectory);
  }

  close(): Promise<void> {
    return this.#inner.close();
  }
}
