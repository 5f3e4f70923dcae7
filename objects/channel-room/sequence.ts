/**
 * The channel's seq counter. Seqs are handed out while a transaction is being built and become real only when it
 * commits; a failed transaction gives its seqs back, so the stored sequence never has a gap (P8). The room is the
 * only writer, so the counter starts from the highest stored seq and nothing else moves it.
 */
export class SeqAllocator {
  private committedSeq: number;
  private reservedSeq: number;

  constructor(head: number) {
    this.committedSeq = head;
    this.reservedSeq = head;
  }

  /** The highest committed seq. */
  get head(): number {
    return this.committedSeq;
  }

  /** The next seq for an event in the transaction being built. */
  next(): number {
    return ++this.reservedSeq;
  }

  /** How many seqs the transaction being built has taken. */
  get reserved(): number {
    return this.reservedSeq - this.committedSeq;
  }

  /** The transaction committed: its seqs are now taken for good. */
  commit(): void {
    this.committedSeq = this.reservedSeq;
  }

  /** The transaction failed: its seqs go back. */
  rollback(): void {
    this.reservedSeq = this.committedSeq;
  }

  /** After an outcome the room could not observe (connection lost mid-commit): trust what the database says. */
  resetTo(head: number): void {
    this.committedSeq = head;
    this.reservedSeq = head;
  }
}
