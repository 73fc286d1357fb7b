/** Work-done progress ($/progress) for long server-side work, or nothing when the client cannot show it. */
import type { Connection } from 'vscode-languageserver';

export interface Progress {
  report(message: string, percentage?: number): void;
  done(message?: string): void;
}

const SILENT: Progress = { report() {}, done() {} };

export async function beginProgress(connection: Connection, clientSupportsProgress: boolean, title: string): Promise<Progress> {
  if (!clientSupportsProgress) return SILENT;
  try {
    const reporter = await connection.window.createWorkDoneProgress();
    reporter.begin(title, 0, undefined, false);
    let last = -1;
    return {
      report(message, percentage) {
        const pct = percentage === undefined ? undefined : Math.max(0, Math.min(100, Math.round(percentage)));
        // Editors redraw on every report; one per percent is plenty.
        if (pct !== undefined && pct === last) return;
        if (pct !== undefined) last = pct;
        reporter.report(pct ?? 0, message);
      },
      done() {
        reporter.done();
      },
    };
  } catch {
    // The client refused the token: carry on without progress.
    return SILENT;
  }
}
