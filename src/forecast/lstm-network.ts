import { seededRandom } from './random.ts';
import type { Tfjs } from './tfjs-runtime.ts';

type LayersModel = import('@tensorflow/tfjs').LayersModel;
type Tensor = import('@tensorflow/tfjs').Tensor;

/** Closes per input window, as the original bot used. */
export const WINDOW = 9;

const DROPOUT_RATE = 0.2;
const BATCH_SIZE = 32;

/** Ten times Adam's default: with 32 units and 70 epochs the default rate leaves the network under-trained. */
const LEARNING_RATE = 0.01;

/** Share of the newest training windows held out to decide when to stop. */
const VALIDATION_SHARE = 0.1;

export interface NetworkSettings {
  units: number;
  maxEpochs: number;
  /** Epochs without a lower validation loss before training stops; Infinity trains every epoch. */
  patience: number;
  seed: number;
  onEpoch?: (done: number) => void;
}

export interface TrainedNetwork {
  model: LayersModel;
  /** Training loss per epoch that ran. */
  losses: number[];
}

/**
 * Builds and trains the original bot's network: two LSTM layers, each
 * followed by dropout 0.2, and a dense output, with Adam on mean squared
 * error. Every initialiser and dropout mask is seeded and batches keep a
 * seeded order, so equal inputs give equal weights. The recurrent
 * initialiser is Glorot uniform instead of Keras's orthogonal default
 * because tfjs computes the orthogonal one with a slow QR decomposition
 * (about 30 s per model for 100 units on the CPU backend).
 * When `patience` is finite, the newest 10 % of windows are held out and
 * the weights of the epoch with the lowest validation loss are kept.
 */
export async function trainNetwork(tf: Tfjs, inputs: number[][], targets: number[], settings: NetworkSettings): Promise<TrainedNetwork> {
  const model = buildNetwork(tf, settings);
  const earlyStopping = Number.isFinite(settings.patience);
  const validationCount = earlyStopping ? Math.max(1, Math.round(inputs.length * VALIDATION_SHARE)) : 0;
  const trainCount = inputs.length - validationCount;
  const order = seededShuffle(trainCount, settings.seed);

  const x = toWindows(tf, order.map((i) => inputs[i] as number[]));
  const y = tf.tensor2d(order.map((i) => [targets[i] as number]));
  const validation = earlyStopping
    ? ([toWindows(tf, inputs.slice(trainCount)), tf.tensor2d(targets.slice(trainCount).map((value) => [value]))] as [Tensor, Tensor])
    : undefined;

  const losses: number[] = [];
  let best = { loss: Infinity, epoch: -1, weights: [] as Tensor[] };
  await model.fit(x, y, {
    epochs: settings.maxEpochs,
    batchSize: BATCH_SIZE,
    shuffle: false,
    verbose: 0,
    ...(validation === undefined ? {} : { validationData: validation }),
    callbacks: {
      onEpochEnd: async (epoch, logs) => {
        losses.push(Number(logs?.['loss']));
        settings.onEpoch?.(epoch + 1);
        if (!earlyStopping) {
          return;
        }

        const validationLoss = Number(logs?.['val_loss']);
        if (validationLoss < best.loss) {
          tf.dispose(best.weights);
          best = { loss: validationLoss, epoch, weights: model.getWeights().map((weight) => weight.clone()) };
        } else if (epoch - best.epoch >= settings.patience) {
          model.stopTraining = true;
        }
      },
    },
  });

  if (earlyStopping && best.weights.length > 0) {
    model.setWeights(best.weights);
  }

  tf.dispose([x, y, ...(validation ?? []), ...best.weights]);
  return { model, losses };
}

/** Predicts one scaled close for each window of scaled closes. */
export function predictWindows(tf: Tfjs, model: LayersModel, windows: number[][]): number[] {
  return tf.tidy(() => {
    const output = model.predict(toWindows(tf, windows)) as Tensor;
    return Array.from(output.dataSync());
  });
}

function buildNetwork(tf: Tfjs, settings: NetworkSettings): LayersModel {
  const SeededDropout = defineSeededDropout(tf);
  const seed = settings.seed;
  const initialisers = (offset: number) => ({
    kernelInitializer: tf.initializers.glorotUniform({ seed: seed + offset }),
    recurrentInitializer: tf.initializers.glorotUniform({ seed: seed + offset + 1 }),
  });

  const model = tf.sequential();
  model.add(tf.layers.lstm({ units: settings.units, returnSequences: true, inputShape: [WINDOW, 1], ...initialisers(1) }));
  model.add(new SeededDropout(DROPOUT_RATE, seed + 3));
  model.add(tf.layers.lstm({ units: settings.units, ...initialisers(4) }));
  model.add(new SeededDropout(DROPOUT_RATE, seed + 6));
  model.add(tf.layers.dense({ units: 1, kernelInitializer: tf.initializers.glorotUniform({ seed: seed + 7 }) }));
  model.compile({ optimizer: tf.train.adam(LEARNING_RATE), loss: 'meanSquaredError' });
  return model;
}

/**
 * Defines a dropout layer with a fresh seeded mask per training step.
 * tfjs's own Dropout draws every mask from the same seed when given one
 * (the same units dropped in every batch) and from Math.random otherwise.
 */
function defineSeededDropout(tf: Tfjs) {
  return class SeededDropout extends tf.layers.Layer {
    static className = 'SeededDropout';
    readonly rate: number;
    private nextSeed: number;

    constructor(rate: number, seed: number) {
      super({});
      this.rate = rate;
      this.nextSeed = seed * 1_000_003;
    }

    override call(inputs: Tensor | Tensor[], kwargs: Record<string, unknown>): Tensor {
      const input = Array.isArray(inputs) ? (inputs[0] as Tensor) : inputs;
      if (kwargs['training'] !== true) {
        return input;
      }

      // tfjs treats seed 0 as "no seed", so seeds start at 1.
      this.nextSeed += 1;
      return tf.dropout(input, this.rate, undefined, this.nextSeed);
    }
  };
}

function toWindows(tf: Tfjs, windows: number[][]): Tensor {
  return tf.tensor3d(windows.map((window) => window.map((value) => [value])));
}

/** Returns 0 … count − 1 in a seeded random order (Fisher–Yates). */
function seededShuffle(count: number, seed: number): number[] {
  const order = Array.from({ length: count }, (_, i) => i);
  const random = seededRandom(seed);
  for (let i = count - 1; i > 0; i -= 1) {
    const j = Math.floor(random() * (i + 1));
    [order[i], order[j]] = [order[j] as number, order[i] as number];
  }

  return order;
}
