package linux.cli;

import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarStyle;

/**
 * The workload's progress bar (me.tongfei:progressbar), drawn on stderr only when the
 * command runs on a terminal; otherwise nothing at all, so logs and pipes get clean lines.
 */
final class Progress implements AutoCloseable {

    private final ProgressBar bar;
    private final Thread ticker;

    private Progress(ProgressBar bar, Thread ticker) {
        this.bar = bar;
        this.ticker = ticker;
    }

    /** A bar over {@code tally}'s page steps, refreshed a few times a second; inert off a terminal. */
    static Progress start(String name, Workloads.Tally tally) {
        if (System.console() == null) {
            return new Progress(null, null);
        }
        ProgressBar bar = new ProgressBarBuilder().setTaskName(name).setStyle(ProgressBarStyle.ASCII)
                .setInitialMax(Math.max(1, tally.total)).setUnit(" pages", 1).setUpdateIntervalMillis(250)
                .setConsumer(new me.tongfei.progressbar.ConsoleProgressBarConsumer(System.err)).build();
        Thread ticker = new Thread(() -> {
            try {
                for (;;) {
                    bar.maxHint(Math.max(1, tally.total));
                    bar.stepTo(tally.done.get());
                    Thread.sleep(250);
                }
            } catch (InterruptedException done) {
                bar.stepTo(tally.done.get());
            }
        }, "progress");
        ticker.setDaemon(true);
        ticker.start();
        return new Progress(bar, ticker);
    }

    @Override
    public void close() {
        if (bar == null) {
            return;
        }
        ticker.interrupt();
        try {
            ticker.join();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        bar.close();
    }
}
