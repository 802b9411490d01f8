import { seededRandom } from './random.ts';

/**
 * A seeded random forest for regression (Breiman 2001). Each tree is a CART
 * tree grown on a bootstrap sample. It splits on the threshold that most
 * reduces the squared error among a random subset of features, and the
 * forest predicts the mean of its trees. Written here instead of using
 * ml-random-forest because that package took 149 s and 558 MB for 1,000
 * trees on three years of daily rows, and a forest this small is easy to
 * keep deterministic.
 */

export interface ForestOptions {
  trees: number;
  seed: number;
  /** Features tried at each split, as a share of all features (1 = all, as scikit-learn's default for regression). */
  maxFeatures?: number;
  /** Smallest number of rows in a leaf. */
  minLeaf?: number;
  onTree?: (done: number) => void;
}

/** A tree node in flat form: a leaf when `feature` is −1. */
interface TreeNode {
  feature: number;
  threshold: number;
  left: number;
  right: number;
  value: number;
}

export interface Forest {
  predict(row: readonly number[]): number;
}

/** Trains a forest on `rows` (one array of features each) and their `targets`. */
export function trainForest(rows: readonly (readonly number[])[], targets: readonly number[], options: ForestOptions): Forest {
  if (rows.length === 0 || rows.length !== targets.length) {
    throw new RangeError(`random forest: got ${rows.length} rows and ${targets.length} targets; pass one target per row, at least one row`);
  }

  const random = seededRandom(options.seed);
  const featureCount = rows[0]?.length ?? 0;
  const tried = Math.max(1, Math.round(featureCount * (options.maxFeatures ?? 1)));
  const minLeaf = options.minLeaf ?? 1;
  const trees: TreeNode[][] = [];

  for (let t = 0; t < options.trees; t += 1) {
    const sample = Array.from({ length: rows.length }, () => Math.floor(random() * rows.length));
    trees.push(growTree(rows, targets, sample, { featureCount, tried, minLeaf, random }));
    options.onTree?.(t + 1);
  }

  return {
    predict(row) {
      let total = 0;
      for (const tree of trees) {
        total += predictTree(tree, row);
      }

      return total / trees.length;
    },
  };
}

interface GrowContext {
  featureCount: number;
  tried: number;
  minLeaf: number;
  random: () => number;
}

function growTree(rows: readonly (readonly number[])[], targets: readonly number[], sample: number[], context: GrowContext): TreeNode[] {
  const nodes: TreeNode[] = [];
  const stack: { indexes: number[]; node: number }[] = [];

  nodes.push(leaf(targets, sample));
  stack.push({ indexes: sample, node: 0 });

  while (stack.length > 0) {
    const { indexes, node } = stack.pop() as { indexes: number[]; node: number };
    const split = findSplit(rows, targets, indexes, context);
    if (split === null) {
      continue;
    }

    const leftIndexes = indexes.filter((index) => (rows[index]?.[split.feature] as number) <= split.threshold);
    const rightIndexes = indexes.filter((index) => (rows[index]?.[split.feature] as number) > split.threshold);
    if (leftIndexes.length === 0 || rightIndexes.length === 0) {
      // Growing on would repeat this node forever.
      throw new Error(`random forest: split on feature ${split.feature} at ${split.threshold} left one side empty`);
    }

    const target = nodes[node] as TreeNode;
    target.feature = split.feature;
    target.threshold = split.threshold;
    target.left = nodes.push(leaf(targets, leftIndexes)) - 1;
    target.right = nodes.push(leaf(targets, rightIndexes)) - 1;
    stack.push({ indexes: leftIndexes, node: target.left }, { indexes: rightIndexes, node: target.right });
  }

  return nodes;
}

function leaf(targets: readonly number[], indexes: readonly number[]): TreeNode {
  let total = 0;
  for (const index of indexes) {
    total += targets[index] as number;
  }

  return { feature: -1, threshold: 0, left: -1, right: -1, value: total / indexes.length };
}

/**
 * Finds the split with the lowest total squared error, scanning each tried
 * feature's sorted values once with running sums. Returns null when no split
 * leaves `minLeaf` rows on both sides with distinct feature values.
 */
function findSplit(
  rows: readonly (readonly number[])[],
  targets: readonly number[],
  indexes: readonly number[],
  context: GrowContext,
): { feature: number; threshold: number } | null {
  const count = indexes.length;
  if (count < 2 * context.minLeaf) {
    return null;
  }

  let totalSum = 0;
  for (const index of indexes) {
    totalSum += targets[index] as number;
  }

  let best: { feature: number; threshold: number } | null = null;
  // Minimising the squared error equals maximising Σ(sum² / n) over both
  // sides, and a split must beat the unsplit node's sum² / n.
  let bestScore = (totalSum * totalSum) / count;

  for (const feature of chooseFeatures(context)) {
    const order = [...indexes].sort((a, b) => (rows[a]?.[feature] as number) - (rows[b]?.[feature] as number));
    let leftSum = 0;
    for (let i = 0; i < count - 1; i += 1) {
      leftSum += targets[order[i] as number] as number;
      const leftCount = i + 1;
      const value = rows[order[i] as number]?.[feature] as number;
      const nextValue = rows[order[i + 1] as number]?.[feature] as number;
      if (leftCount < context.minLeaf || count - leftCount < context.minLeaf || value === nextValue) {
        continue;
      }

      const rightSum = totalSum - leftSum;
      const score = (leftSum * leftSum) / leftCount + (rightSum * rightSum) / (count - leftCount);
      if (score > bestScore) {
        bestScore = score;
        // The midpoint of two adjacent doubles can round up to nextValue, which would send every row left.
        const middle = (value + nextValue) / 2;
        best = { feature, threshold: middle < nextValue ? middle : value };
      }
    }
  }

  return best;
}

/** Picks `tried` distinct features by a partial Fisher–Yates shuffle. */
function chooseFeatures(context: GrowContext): number[] {
  const features = Array.from({ length: context.featureCount }, (_, i) => i);
  for (let i = 0; i < context.tried; i += 1) {
    const j = i + Math.floor(context.random() * (features.length - i));
    [features[i], features[j]] = [features[j] as number, features[i] as number];
  }

  return features.slice(0, context.tried);
}

function predictTree(nodes: readonly TreeNode[], row: readonly number[]): number {
  let node = nodes[0] as TreeNode;
  while (node.feature !== -1) {
    node = nodes[(row[node.feature] as number) <= node.threshold ? node.left : node.right] as TreeNode;
  }

  return node.value;
}
