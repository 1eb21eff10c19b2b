/** A token bucket: `ratePerMinute` tokens refill evenly, up to `capacity`. Pure apart from the clock it is given. */
export class TokenBucket {
  private level: number;
  private last: number;

  constructor(
    private ratePerMinute: number,
    private capacity: number,
    private readonly now: () => number,
  ) {
    this.level = capacity;
    this.last = now();
  }

  setRate(ratePerMinute: number, capacity: number): void {
    this.refill();
    this.ratePerMinute = ratePerMinute;
    this.capacity = capacity;
    this.level = Math.min(this.level, capacity);
  }

  private refill(): void {
    const t = this.now();
    this.level = Math.min(this.capacity, this.level + ((t - this.last) * this.ratePerMinute) / 60_000);
    this.last = t;
  }

  /** ms until `n` tokens are there (0 when they are now); a request larger than capacity waits for a full bucket. */
  waitFor(n: number): number {
    this.refill();
    const need = Math.min(n, this.capacity) - this.level;
    return need <= 0 ? 0 : Math.ceil((need * 60_000) / this.ratePerMinute);
  }

  take(n: number): void {
    this.refill();
    this.level -= n;
  }

  /** Corrects an estimate after the fact (positive: more were used than taken). */
  adjust(n: number): void {
    this.refill();
    this.level -= n;
  }
}
