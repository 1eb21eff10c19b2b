/**
 * Horvitz–Thompson estimate of a population mean: Σ y_i/π_i over the sample, divided by the population size.
 * Unbiased when the π are the design's true inclusion probabilities and none is 0.
 */
export function horvitzThompsonMean(sample: readonly { value: number; inclusionProbability: number }[], populationSize: number): number {
  if (!(populationSize > 0)) throw new Error(`Horvitz–Thompson mean: population size must be > 0, got ${populationSize}`);
  let total = 0;
  for (const { value, inclusionProbability: pi } of sample) {
    if (!(pi > 0 && pi <= 1)) throw new Error(`Horvitz–Thompson mean: inclusion probability ${pi} outside (0, 1]`);
    total += value / pi;
  }
  return total / populationSize;
}
