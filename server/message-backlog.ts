/**
 * Whether the client's messages are still queued. vscode-jsonrpc handles one queued message per event-loop turn;
 * a burst of keystrokes (or of file events) therefore arrives as a queue, and analysing after each message
 * makes a 10 MB buffer cost a second per keystroke while a hover waits behind them all. The server applies
 * each change to its buffers at once and analyses only when the queue has drained (afterBacklog), or before
 * answering a request.
 */
import type { MessageStrategy } from 'vscode-languageserver/node.js';

export class MessageBacklog {
  private handled = 0;

  /** Pass as the connection's messageStrategy: it counts the messages handled. */
  readonly strategy: MessageStrategy = {
    handleMessage: (message, next) => {
      this.handled++;
      next(message);
    },
  };

  /**
   * Runs `fn` once no queued message is left. vscode-jsonrpc schedules the next queued message (setImmediate)
   * at the end of handling one; a microtask runs after that, so an immediate scheduled from it comes after the
   * queue's, and when it runs, a message handled since means the queue was not empty yet: wait another turn.
   */
  afterBacklog(fn: () => void): void {
    queueMicrotask(() => {
      let seen = this.handled;
      const check = () => {
        if (this.handled === seen) return fn();
        seen = this.handled;
        setImmediate(check);
      };
      setImmediate(check);
    });
  }
}
